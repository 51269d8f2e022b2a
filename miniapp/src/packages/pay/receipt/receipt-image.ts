import { fullDayTimeText } from '@bianmin/shared';
import type { ReceiptWords } from './receipt-lines';

/**
 * The saved receipt as a picture (缴费证明): the same words as the page, laid out for a phone
 * screen and for printing on A4 at the same time. Drawn with the 2D canvas calls that H5's
 * canvas and the mini-program's offscreen canvas both have.
 */

/** Width of the picture in layout units; it is drawn at {@link IMAGE_SCALE} pixels per unit. */
export const IMAGE_WIDTH = 750;
/** Pixels per layout unit: sharp on a phone screen and when printed. */
export const IMAGE_SCALE = 2;
/** Space left and right of everything drawn, in layout units. */
export const IMAGE_MARGIN = 48;
const MARGIN = IMAGE_MARGIN;
const INNER = IMAGE_WIDTH - MARGIN * 2;
const FONT_FAMILY = '"PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif';
/** The normal theme's colours (src/styles/theme.scss): the picture is a document, not themed. */
const COLOR = {
  paper: '#ffffff',
  band: '#0a6640',
  onBand: '#ffffff',
  text: '#1f2329',
  secondary: '#4e5969',
  notice: '#fff4d6',
  divider: '#dcdfe4',
} as const;

/** The part of a 2D canvas context the receipt is drawn with. */
export interface ReceiptCanvas {
  font: string;
  fillStyle: string | CanvasGradient | CanvasPattern;
  textBaseline: CanvasTextBaseline;
  measureText(text: string): { width: number };
  fillText(text: string, x: number, y: number): void;
  fillRect(x: number, y: number, width: number, height: number): void;
  scale(x: number, y: number): void;
}

interface TextStep {
  kind: 'text';
  text: string;
  x: number;
  y: number;
  size: number;
  bold: boolean;
  color: string;
}
interface BoxStep {
  kind: 'box';
  x: number;
  y: number;
  width: number;
  height: number;
  color: string;
}
/** One thing to draw, at its place. */
export type DrawStep = TextStep | BoxStep;

/** What will be drawn and how tall the picture is, in layout units. */
export interface ReceiptPlan {
  steps: DrawStep[];
  height: number;
}

const fontOf = (size: number, bold: boolean) => `${bold ? 'bold ' : ''}${size}px ${FONT_FAMILY}`;

/**
 * Breaks `text` into lines no wider than `width` as the canvas measures them. Chinese breaks
 * between any two characters; a long number (订单号) breaks anywhere rather than running off.
 */
export function wrapText(canvas: Pick<ReceiptCanvas, 'measureText'>, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const char of Array.from(text)) {
    if (line !== '' && canvas.measureText(line + char).width > width) {
      lines.push(line);
      line = char.trimStart();
    } else {
      line += char;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/**
 * Lays the receipt out on `canvas` (which measures the text in the fonts the phone has): a green
 * band with the title, the amount in figures and in capital numerals, for whom when paid for
 * someone else, one line per fact (the name above its value), and when the picture was made.
 */
export function planReceipt(canvas: ReceiptCanvas, words: ReceiptWords, madeAt: Date): ReceiptPlan {
  const steps: DrawStep[] = [];
  let y = 0;
  const text = (
    value: string,
    size: number,
    options: { bold?: boolean; color?: string; x?: number; width?: number } = {},
  ) => {
    const bold = options.bold ?? false;
    canvas.font = fontOf(size, bold);
    const x = options.x ?? MARGIN;
    for (const line of wrapText(canvas, value, options.width ?? INNER)) {
      steps.push({ kind: 'text', text: line, x, y, size, bold, color: options.color ?? COLOR.text });
      y += Math.round(size * 1.45);
    }
  };

  steps.push({ kind: 'box', x: 0, y: 0, width: IMAGE_WIDTH, height: 0, color: COLOR.band });
  y = 36;
  text('便民 · 缴费证明', 28, { color: COLOR.onBand });
  y += 4;
  text(words.title, 40, { bold: true, color: COLOR.onBand });
  y += 20;
  const band = steps[0] as BoxStep;
  band.height = y;

  y += 40;
  text(words.amountText, 64, { bold: true });
  y += 4;
  text(`大写：${words.amountCapital}`, 32);
  if (words.notice) {
    y += 24;
    const top = y;
    steps.push({ kind: 'box', x: MARGIN, y: top, width: INNER, height: 0, color: COLOR.notice });
    const box = steps[steps.length - 1] as BoxStep;
    y += 16;
    text(words.notice, 30, { x: MARGIN + 20, width: INNER - 40 });
    y += 12;
    box.height = y - top;
  }

  y += 28;
  for (const line of words.lines) {
    steps.push({ kind: 'box', x: MARGIN, y, width: INNER, height: 2, color: COLOR.divider });
    y += 22;
    text(line.name, 26, { color: COLOR.secondary });
    y += 2;
    text(line.value, 32);
    y += 14;
  }
  steps.push({ kind: 'box', x: MARGIN, y, width: INNER, height: 2, color: COLOR.divider });
  y += 28;
  text(`本证明由便民生成于 ${fullDayTimeText(madeAt.toISOString())}（北京时间）。`, 24, { color: COLOR.secondary });
  text('可凭订单号向客服核对这笔缴费。', 24, { color: COLOR.secondary });
  y += 32;
  return { steps, height: y };
}

/** Draws a planned receipt on a canvas already sized `IMAGE_WIDTH × plan.height` times the scale. */
export function drawReceipt(canvas: ReceiptCanvas, plan: ReceiptPlan): void {
  canvas.scale(IMAGE_SCALE, IMAGE_SCALE);
  canvas.fillStyle = COLOR.paper;
  canvas.fillRect(0, 0, IMAGE_WIDTH, plan.height);
  canvas.textBaseline = 'top';
  for (const step of plan.steps) {
    canvas.fillStyle = step.color;
    if (step.kind === 'box') {
      canvas.fillRect(step.x, step.y, step.width, step.height);
    } else {
      canvas.font = fontOf(step.size, step.bold);
      canvas.fillText(step.text, step.x, step.y);
    }
  }
}
