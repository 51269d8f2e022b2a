// What the rendered page measures: the smallest visible text, the tightest line height and the
// smallest clickable target, with every element under the floors named. `measureInPage` runs
// inside the page (page.evaluate), so it is self-contained: no imports, no outer variables.

/** The floors a page is held to in one mode, in CSS px. */
export interface Floors {
  /** Smallest visible text; 0 where no floor applies (normal mode has none of its own). */
  minFontPx: number;
  minTargetPx: number;
  /** Smallest line height as a multiple of the font size; 0 where no floor applies. */
  minLineHeight: number;
}

/** Elder mode: 18 dp text, 60 × 60 targets, line height 1.3 (DESIGN.md "Elder mode"). */
export const ELDER_FLOORS: Floors = { minFontPx: 18, minTargetPx: 60, minLineHeight: 1.3 };
/** Normal mode: 44 × 44 targets. */
export const NORMAL_FLOORS: Floors = { minFontPx: 0, minTargetPx: 44, minLineHeight: 0 };

/** One element under a floor, described so a person can find it. */
export interface Offender {
  element: string;
  text: string;
  value: string;
}

/** The figures of one page in one mode. */
export interface PageFigures {
  textCount: number;
  minFontPx: number;
  minFontAt: string;
  minLineHeight: number;
  minLineHeightAt: string;
  targetCount: number;
  /** The smallest target: its narrower side decides. */
  minTarget: { width: number; height: number; at: string } | null;
  /** Visible `.bm-action--primary` buttons: one primary action per screen. */
  primaryActions: number;
  smallText: Offender[];
  tightLines: Offender[];
  smallTargets: Offender[];
}

/** Elements a person can click or tap: ARIA roles, native controls, Taro's H5 controls, handlers. */
export const CLICKABLE_SELECTOR = [
  '[role="button"]',
  '[role="link"]',
  '[role="switch"]',
  '[role="checkbox"]',
  '[role="radio"]',
  '[role="tab"]',
  '[role="menuitem"]',
  '[role="option"]',
  'a[href]',
  'a.weui-tabbar__item',
  'button',
  'input:not([type="hidden"])',
  'select',
  'textarea',
  'taro-button-core',
  'taro-switch-core',
  'taro-checkbox-core',
  'taro-radio-core',
  '[onclick]',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

/** Runs in the page. */
export function measureInPage(args: { floors: Floors; clickable: string }): PageFigures {
  const { floors, clickable } = args;
  const round = (n: number) => Math.round(n * 100) / 100;
  const describe = (el: Element): string => {
    const id = el.id ? `#${el.id}` : '';
    const cls =
      typeof el.className === 'string' && el.className.trim()
        ? `.${el.className.trim().split(/\s+/).slice(0, 3).join('.')}`
        : '';
    const role = el.getAttribute('role');
    return `${el.tagName.toLowerCase()}${id}${cls}${role ? `[role=${role}]` : ''}`;
  };
  const label = (el: Element): string =>
    (el.getAttribute('aria-label') ?? (el instanceof HTMLElement ? el.innerText : el.textContent))
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 40);
  const visible = (el: Element): boolean => {
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
    const rect = el.getBoundingClientRect();
    return rect.width > 0 && rect.height > 0;
  };

  // text: every element holding a non-blank text node, and form fields showing text
  const textElements = new Set<Element>();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || !node.textContent?.trim()) continue;
    if (['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE'].includes(parent.tagName)) continue;
    textElements.add(parent);
  }
  for (const field of Array.from(document.querySelectorAll('input:not([type="hidden"]), textarea')))
    textElements.add(field);

  let minFontPx = Infinity;
  let minFontAt = '';
  let minLineHeight = Infinity;
  let minLineHeightAt = '';
  const smallText: Offender[] = [];
  const tightLines: Offender[] = [];
  let textCount = 0;
  for (const el of Array.from(textElements)) {
    if (!visible(el)) continue;
    textCount++;
    const style = getComputedStyle(el);
    const size = parseFloat(style.fontSize);
    const text = label(el) || (el as HTMLInputElement).placeholder || '';
    if (size < minFontPx) {
      minFontPx = size;
      minFontAt = `${describe(el)} "${text}"`;
    }
    if (size < floors.minFontPx) smallText.push({ element: describe(el), text, value: `${round(size)}px` });
    // 'normal' is about 1.2 in the fonts browsers use: below every floor, so count it as such
    const ratio = style.lineHeight === 'normal' ? 1.2 : parseFloat(style.lineHeight) / size;
    if (ratio < minLineHeight) {
      minLineHeight = ratio;
      minLineHeightAt = `${describe(el)} "${text}"`;
    }
    if (ratio + 0.005 < floors.minLineHeight) {
      tightLines.push({
        element: describe(el),
        text,
        value: style.lineHeight === 'normal' ? 'normal' : round(ratio).toString(),
      });
    }
  }

  let minTarget: PageFigures['minTarget'] = null;
  const smallTargets: Offender[] = [];
  let targetCount = 0;
  for (const el of Array.from(document.querySelectorAll(clickable))) {
    if (!visible(el)) continue;
    targetCount++;
    const rect = el.getBoundingClientRect();
    const at = `${describe(el)} "${label(el)}"`;
    if (!minTarget || Math.min(rect.width, rect.height) < Math.min(minTarget.width, minTarget.height)) {
      minTarget = { width: round(rect.width), height: round(rect.height), at };
    }
    // half a pixel of rounding from rem and rpx conversions is not a failure
    if (rect.width + 0.5 < floors.minTargetPx || rect.height + 0.5 < floors.minTargetPx) {
      smallTargets.push({
        element: describe(el),
        text: label(el),
        value: `${round(rect.width)}×${round(rect.height)}`,
      });
    }
  }

  const primaryActions = Array.from(document.querySelectorAll('.bm-action--primary')).filter(visible).length;
  return {
    textCount,
    minFontPx: Number.isFinite(minFontPx) ? round(minFontPx) : 0,
    minFontAt,
    minLineHeight: Number.isFinite(minLineHeight) ? round(minLineHeight) : 0,
    minLineHeightAt,
    targetCount,
    minTarget,
    primaryActions,
    smallText,
    tightLines,
    smallTargets,
  };
}
