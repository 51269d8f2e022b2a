// What a person sees wrong in a page's layout, measured in the rendered page (issue 12 item 10):
//   (a) the help button lies over (or touches) a control that is visible there, so a tap meant for
//       the control files a help request, or the control cannot be seen;
//   (b) a text of three or more characters is squeezed into a column of about one character a line;
//   (c) a visible text is cut off: clipped by a box with overflow hidden/clip (text-overflow too), or
//       running past the right or left edge of the screen.
// The functions run inside the page (page.evaluate), so each is self-contained: no imports, no outer
// variables. `layoutFaultsInPage` measures the page where it is scrolled now; `scrollPageTo` moves
// every scrolling box of the page to its top or its bottom and waits for the frame to be drawn.

/** Which of the three checks found the fault. */
export type LayoutCheck = 'help-overlap' | 'one-char-lines' | 'cut-off';

/** One fault, described so a person can find it. */
export interface LayoutFault {
  check: LayoutCheck;
  element: string;
  text: string;
  detail: string;
}

/** What `layoutFaultsInPage` needs: the help button, what counts as clickable. */
export interface LayoutArgs {
  /** The help button (`.bm-help`); a page without one (the staff workbench) skips check (a). */
  help: string;
  /** Elements a person can click or tap (CLICKABLE_SELECTOR of measure.ts). */
  clickable: string;
}

/** Runs in the page: the faults of (a), (b) and (c) at the current scroll position. */
export function layoutFaultsInPage(args: LayoutArgs): LayoutFault[] {
  const round = (n: number) => Math.round(n);
  const describe = (el: Element): string => {
    const cls =
      typeof el.className === 'string' && el.className.trim()
        ? `.${el.className.trim().split(/\s+/).slice(0, 3).join('.')}`
        : '';
    const role = el.getAttribute('role');
    return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls}${role ? `[role=${role}]` : ''}`;
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
  const faults: LayoutFault[] = [];

  // (a) the help button and what is under it or right next to it
  const RING = 2; // px around the button: a control touching it is as easy to mis-tap as one under it
  const STEP = 4; // px between the points sampled
  const transparent = (el: Element): boolean => {
    const style = getComputedStyle(el);
    const alpha = /rgba\([^)]*,\s*([\d.]+)\)$/.exec(style.backgroundColor)?.[1];
    return (style.backgroundColor === 'transparent' || alpha === '0') && style.backgroundImage === 'none';
  };
  for (const help of Array.from(document.querySelectorAll(args.help)).filter(visible)) {
    if (!(help instanceof HTMLElement)) continue;
    const box = help.getBoundingClientRect();
    const zone = { left: box.left - RING, top: box.top - RING, right: box.right + RING, bottom: box.bottom + RING };
    // the button itself must be on top where it is drawn: nothing lies over its middle
    const centre = document.elementFromPoint((box.left + box.right) / 2, (box.top + box.bottom) / 2);
    if (centre && !help.contains(centre)) {
      const over = centre.closest(args.clickable) ?? centre;
      faults.push({
        check: 'help-overlap',
        element: describe(over),
        text: label(over),
        detail: 'lies over the help button',
      });
    }
    const near = Array.from(document.querySelectorAll(args.clickable)).filter((el) => {
      if (el === help || el.contains(help) || help.contains(el) || !visible(el)) return false;
      const r = el.getBoundingClientRect();
      return r.left < zone.right && r.right > zone.left && r.top < zone.bottom && r.bottom > zone.top;
    });
    if (near.length === 0) continue;
    // look under the button: hidden, it no longer takes the hit-test, so a control it lies over
    // comes up, unless something else (the dock it sits in) hides that control there anyway
    const before = help.style.visibility;
    help.style.visibility = 'hidden';
    try {
      for (const el of near) {
        const r = el.getBoundingClientRect();
        const left = Math.max(r.left, zone.left);
        const right = Math.min(r.right, zone.right);
        const top = Math.max(r.top, zone.top);
        const bottom = Math.min(r.bottom, zone.bottom);
        let seenAt: { x: number; y: number } | null = null;
        for (let y = top + 0.5; y < bottom && !seenAt; y += STEP) {
          for (let x = left + 0.5; x < right && !seenAt; x += STEP) {
            const stack = document.elementsFromPoint(x, y);
            const at = stack.findIndex((e) => el.contains(e));
            if (at < 0) continue;
            // seen there when everything drawn over it (but its own ancestors) lets it show through
            if (stack.slice(0, at).every((e) => e.contains(el) || transparent(e))) seenAt = { x, y };
          }
        }
        if (seenAt) {
          faults.push({
            check: 'help-overlap',
            element: describe(el),
            text: label(el),
            detail:
              `the help button (${round(box.width)}×${round(box.height)} at ${round(box.left)},${round(box.top)}) ` +
              `covers or touches it at ${round(seenAt.x)},${round(seenAt.y)}`,
          });
        }
      }
    } finally {
      help.style.visibility = before;
    }
  }

  // (b) and (c): every visible text node, measured by its line boxes
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  const seenCut = new Set<Element>();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    const raw = node.textContent ?? '';
    if (!parent || !raw.trim()) continue;
    if (['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE'].includes(parent.tagName)) continue;
    if (!visible(parent)) continue;
    range.selectNodeContents(node);
    const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
    if (rects.length === 0) continue;
    const text = raw.replace(/\s+/g, ' ').trim().slice(0, 40);

    // (b) lines: fragments whose vertical middles are within half a line of each other are one line
    const chars = Array.from(raw.replace(/\s+/g, '')).length;
    const middles = rects
      .map((r) => ({ mid: (r.top + r.bottom) / 2, half: r.height / 2 }))
      .sort((p, q) => p.mid - q.mid);
    let lines = 0;
    let last = -Infinity;
    for (const { mid, half } of middles) {
      if (mid - last > half) lines++;
      last = mid;
    }
    // three or more lines of at most two characters each: a column about a character wide. (Two
    // lines are not enough to tell: a short text that starts near the end of a line wraps once.)
    if (chars >= 3 && lines >= 3 && lines * 2 >= chars) {
      const width = Math.max(...rects.map((r) => r.width));
      faults.push({
        check: 'one-char-lines',
        element: describe(parent),
        text,
        detail: `${chars} characters on ${lines} lines, ${round(width)} px wide`,
      });
    }

    // (c) clipped by a box that hides its overflow, or past the edge of the screen. Walking up from
    // the text, a box that scrolls on an axis ends the look on that axis (a person can scroll
    // there); a fixed box escapes the clipping of the boxes around it.
    if (seenCut.has(parent)) continue;
    const left = Math.min(...rects.map((r) => r.left));
    const right = Math.max(...rects.map((r) => r.right));
    const top = Math.min(...rects.map((r) => r.top));
    const bottom = Math.max(...rects.map((r) => r.bottom));
    let cut: string | null = null;
    let lookX = true;
    let lookY = true;
    for (let el: Element | null = parent; el && el !== document.documentElement && !cut; el = el.parentElement) {
      const style = getComputedStyle(el);
      const b = el.getBoundingClientRect();
      const clipLeft = b.left + el.clientLeft;
      const clipTop = b.top + el.clientTop;
      const clips = (v: string) => v === 'hidden' || v === 'clip';
      if (lookX && clips(style.overflowX) && (left < clipLeft - 1 || right > clipLeft + el.clientWidth + 1)) {
        cut = `cut off at the ${right > clipLeft + el.clientWidth + 1 ? 'right' : 'left'} by ${describe(el)} (overflow ${style.overflowX})`;
      } else if (lookY && clips(style.overflowY) && (top < clipTop - 1 || bottom > clipTop + el.clientHeight + 1)) {
        cut = `cut off at the ${bottom > clipTop + el.clientHeight + 1 ? 'bottom' : 'top'} by ${describe(el)} (overflow ${style.overflowY})`;
      } else if (
        el.firstChild &&
        Array.from(el.childNodes).some((c) => c.nodeType === Node.TEXT_NODE && c.textContent?.trim()) &&
        (clips(style.overflowX) || style.textOverflow !== 'clip') &&
        el.scrollWidth > el.clientWidth + 1
      ) {
        cut = `cut off: ${el.scrollWidth} px of text in a box ${el.clientWidth} px wide (${style.textOverflow === 'clip' ? `overflow ${style.overflowX}` : `text-overflow ${style.textOverflow}`})`;
      }
      if (['auto', 'scroll'].includes(style.overflowX)) lookX = false;
      if (['auto', 'scroll'].includes(style.overflowY)) lookY = false;
      if (style.position === 'fixed') break;
    }
    if (!cut && lookX && (right > window.innerWidth + 1 || left < -1)) {
      cut = `runs past the ${right > window.innerWidth + 1 ? 'right' : 'left'} edge of the screen (${round(left)}–${round(right)} px of ${window.innerWidth})`;
    }
    if (cut) {
      seenCut.add(parent);
      faults.push({ check: 'cut-off', element: describe(parent), text, detail: cut });
    }
  }
  return faults;
}

/**
 * Runs in the page: scrolls the window and every box that scrolls vertically (Taro's H5 page is one)
 * to its top or its bottom, waits until the browser has drawn that, and answers how far the page
 * can scroll at all (0: it fits on the screen).
 */
export async function scrollPageTo(where: 'top' | 'bottom'): Promise<number> {
  let range = Math.max(0, document.documentElement.scrollHeight - window.innerHeight);
  window.scrollTo(0, where === 'top' ? 0 : range);
  for (const el of Array.from(document.querySelectorAll('*'))) {
    if (el.scrollHeight <= el.clientHeight + 1) continue;
    const { overflowY } = getComputedStyle(el);
    if (overflowY !== 'auto' && overflowY !== 'scroll') continue;
    range = Math.max(range, el.scrollHeight - el.clientHeight);
    el.scrollTop = where === 'top' ? 0 : el.scrollHeight;
  }
  // two frames: the scroll is applied, sticky and fixed parts are placed, and the frame is drawn
  await new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
  return range;
}
