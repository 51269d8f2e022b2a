/** The parts of a mini-program `Canvas type="2d"` node the adapter uses. */
export interface MiniCanvasNode {
  width: number;
  height: number;
  getContext(type: '2d'): unknown;
}

/**
 * A mini-program canvas node dressed as the DOM canvas ECharts expects (after echarts-for-weixin's
 * wx-canvas.js): the 2d context, the size, and the DOM event hooks, which do nothing here since
 * the charts take no touch input.
 */
export class MiniCanvas {
  constructor(private readonly node: MiniCanvasNode) {}

  getContext(type: string): unknown {
    return type === '2d' ? this.node.getContext('2d') : null;
  }

  get width(): number {
    return this.node.width;
  }

  set width(w: number) {
    this.node.width = w;
  }

  get height(): number {
    return this.node.height;
  }

  set height(h: number) {
    this.node.height = h;
  }

  addEventListener(): void {}

  removeEventListener(): void {}

  attachEvent(): void {}

  detachEvent(): void {}
}
