import Taro from '@tarojs/taro';
import { downloadBlob } from '../../../lib/download';
import { isH5 } from '../../../lib/platform';
import { drawReceipt, IMAGE_SCALE, IMAGE_WIDTH, planReceipt, type ReceiptCanvas } from './receipt-image';
import type { ReceiptWords } from './receipt-lines';

/** What saving made: a picture to show on the page (long-press saves it in WeChat's browser). */
export interface SavedReceipt {
  /** An address the page's Image can show: a `blob:` URL in H5, a temporary file in weapp. */
  src: string;
  fileName: string;
}

/** The picture's file name: `缴费证明-<订单号>.png`. */
export function receiptFileName(outTradeNo: string): string {
  return `缴费证明-${outTradeNo}.png`;
}

interface SizedCanvas {
  width: number;
  height: number;
  getContext(type: '2d'): unknown;
}

/** Plans on the canvas (which measures in the phone's fonts), sizes it to fit, and draws. */
function paint(canvas: SizedCanvas, words: ReceiptWords): void {
  const measuring = canvas.getContext('2d') as ReceiptCanvas | null;
  if (!measuring) throw new Error('no 2d canvas');
  const plan = planReceipt(measuring, words, new Date());
  canvas.width = IMAGE_WIDTH * IMAGE_SCALE;
  canvas.height = Math.ceil(plan.height * IMAGE_SCALE);
  // resizing a canvas resets its context: draw with the fresh one
  drawReceipt(canvas.getContext('2d') as ReceiptCanvas, plan);
}

/**
 * Makes the receipt picture and hands it to the resident: in H5 it is downloaded as a PNG (and
 * shown, for WeChat's browser, where a download goes nowhere); in the mini-program WeChat's own
 * image menu opens, to save it to the album or send it to family.
 */
export async function saveReceiptImage(words: ReceiptWords, outTradeNo: string): Promise<SavedReceipt> {
  const fileName = receiptFileName(outTradeNo);
  if (isH5) {
    await document.fonts.ready;
    const canvas = document.createElement('canvas');
    paint(canvas, words);
    const png = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!png) throw new Error('the canvas made no picture');
    downloadBlob(png, fileName);
    return { src: URL.createObjectURL(png), fileName };
  }
  const canvas = Taro.createOffscreenCanvas({ type: '2d', width: IMAGE_WIDTH, height: IMAGE_WIDTH });
  paint(canvas, words);
  const { tempFilePath } = await Taro.canvasToTempFilePath({
    canvas: canvas as unknown as Taro.Canvas,
    fileType: 'png',
  });
  await Taro.showShareImageMenu({ path: tempFilePath }).catch(() => undefined);
  return { src: tempFilePath, fileName };
}
