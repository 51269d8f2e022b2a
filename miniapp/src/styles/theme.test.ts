import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Checks the elder-friendly floors (DESIGN.md "Elder mode") against the token file itself, so a
// token change that breaks one fails here. Sizes are 750-wide design px: 2 per dp / CSS px.
const here = path.dirname(fileURLToPath(import.meta.url));
const src = path.resolve(here, '..');
const themeSource = readFileSync(path.join(here, 'theme.scss'), 'utf8');

function tokenSet(mixin: string): Map<string, string> {
  const body = new RegExp(`@mixin ${mixin} \\{([\\s\\S]*?)\\n\\}`).exec(themeSource)?.[1];
  if (!body) throw new Error(`no mixin ${mixin} in theme.scss`);
  return new Map([...body.matchAll(/(--bm-[\w-]+):\s*([^;]+);/g)].map((m) => [m[1] ?? '', (m[2] ?? '').trim()]));
}

const normal = tokenSet('tokens-normal');
const elder = tokenSet('tokens-elder');

/** A size token's design px; text sizes are written `calc(Npx * var(--bm-text-scale))`. */
function px(tokens: Map<string, string>, name: string): number {
  const value = tokens.get(name);
  const match = value ? /^(?:calc\()?(\d+(?:\.\d+)?)px(?: \* var\(--bm-text-scale\)\))?$/.exec(value) : null;
  if (!match) throw new Error(`${name} is not a px value: ${String(value)}`);
  return Number(match[1]);
}

function number(tokens: Map<string, string>, name: string): number {
  return Number(tokens.get(name));
}

function luminance(hex: string): number {
  const full = hex.replace(/^#(\w)(\w)(\w)$/, '#$1$1$2$2$3$3');
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

// text colour on background colour, as the components pair them
const TEXT_PAIRS: [string, string][] = [
  ['--bm-color-text', '--bm-color-bg'],
  ['--bm-color-text', '--bm-color-surface'],
  ['--bm-color-text', '--bm-color-primary-soft'],
  ['--bm-color-text-secondary', '--bm-color-bg'],
  ['--bm-color-text-secondary', '--bm-color-surface'],
  ['--bm-color-text-secondary', '--bm-color-primary-soft'],
  ['--bm-color-primary', '--bm-color-surface'],
  ['--bm-color-primary', '--bm-color-bg'],
  ['--bm-color-on-primary', '--bm-color-primary'],
  ['--bm-color-on-help', '--bm-color-help'],
  ['--bm-color-danger', '--bm-color-surface'],
];

describe('theme tokens', () => {
  it('define the same tokens in the normal and the elder set', () => {
    expect([...elder.keys()].sort()).toEqual([...normal.keys()].sort());
  });

  it('keep every elder text at 18 dp or more, body 20, amounts and main actions 30', () => {
    for (const name of [...elder.keys()].filter((n) => n.startsWith('--bm-font-') && n !== '--bm-font-weight-strong')) {
      expect(px(elder, name), name).toBeGreaterThanOrEqual(36);
    }
    expect(px(elder, '--bm-font-body')).toBeGreaterThanOrEqual(40);
    expect(px(elder, '--bm-font-amount')).toBeGreaterThanOrEqual(60);
    expect(px(elder, '--bm-font-action')).toBeGreaterThanOrEqual(60);
  });

  it('scale every text size by the WeChat font setting’s factor, which is 1 unless a page sets it', () => {
    for (const tokens of [normal, elder]) {
      expect(tokens.get('--bm-text-scale')).toBe('1');
      const sizes = [...tokens.keys()].filter((n) => n.startsWith('--bm-font-') && n !== '--bm-font-weight-strong');
      expect(sizes.length).toBeGreaterThan(0);
      for (const name of sizes) expect(tokens.get(name), name).toMatch(/^calc\(\d+px \* var\(--bm-text-scale\)\)$/);
    }
  });

  it('keep normal body text at 16 dp or more', () => {
    expect(px(normal, '--bm-font-body')).toBeGreaterThanOrEqual(32);
  });

  it('keep line height at 1.3 or more in both sets', () => {
    for (const tokens of [normal, elder]) {
      expect(number(tokens, '--bm-line-height')).toBeGreaterThanOrEqual(1.3);
      expect(number(tokens, '--bm-line-height-tight')).toBeGreaterThanOrEqual(1.3);
    }
  });

  it('keep touch targets at 60 × 60 dp in elder mode and 44 × 44 otherwise', () => {
    for (const [tokens, floor] of [
      [elder, 120],
      [normal, 88],
    ] as const) {
      expect(px(tokens, '--bm-target-min')).toBeGreaterThanOrEqual(floor);
      expect(px(tokens, '--bm-help-size')).toBeGreaterThanOrEqual(floor);
    }
  });

  it.each(TEXT_PAIRS)('give %s on %s a contrast of 4.5:1 or more in both sets', (fg, bg) => {
    for (const tokens of [normal, elder]) {
      expect(contrast(tokens.get(fg) ?? '', tokens.get(bg) ?? '')).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('give the tab bar labels a contrast of 4.5:1 or more', () => {
    const config = readFileSync(path.join(src, 'app.config.ts'), 'utf8');
    const colour = (key: string) => new RegExp(`${key}: '(#[0-9a-f]{6})'`).exec(config)?.[1] ?? '';
    const background = colour('backgroundColor');
    expect(contrast(colour('color'), background)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(colour('selectedColor'), background)).toBeGreaterThanOrEqual(4.5);
  });
});

describe('component styles', () => {
  function scssFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return scssFiles(full);
      // the token files themselves: theme.scss (custom properties) and breakpoints.scss (media queries)
      const tokens = [path.join(here, 'theme.scss'), path.join(here, 'breakpoints.scss')];
      return entry.name.endsWith('.scss') && !tokens.includes(full) ? [full] : [];
    });
  }

  it('take every size and colour from the theme tokens', () => {
    const offenders: string[] = [];
    for (const file of scssFiles(src)) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, index) => {
          const code = line.replace(/\/\/.*$/, '');
          // a length (px, rpx, rem, em) or a colour written in place
          if (/(^|[^\w-])\d*\.?\d+(px|rpx|rem|em)\b|#[0-9a-fA-F]{3,8}\b|\b(rgba?|hsla?)\(/.test(code)) {
            offenders.push(`${path.relative(src, file)}:${index + 1}: ${line.trim()}`);
          }
        });
    }
    expect(offenders).toEqual([]);
  });
});
