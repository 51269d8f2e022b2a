import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { MAX_UNBROKEN_CHARS, plain, PLAIN_WORDS, type Jargon } from './plain-words';

// The plain-language audit: every Chinese string of the mini-program (outside tests) is read as
// the TypeScript compiler sees it, string literals, template parts and JSX text, comments left
// out. Residents' pages give each trade word its plain words the first time; nothing anywhere
// runs on for more than MAX_UNBROKEN_CHARS characters without a pause.

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CJK = /[\u4e00-\u9fff]/;
/** Where a reader pauses: Chinese and Western punctuation, brackets, quotes, line breaks. */
const PAUSE = /[，。！？；：、…（）()「」『』“”‘’《》〈〉,.!?;:\n—·]+/;

/** Staff pages (the agent workbench, the field app) may use the trade's words. */
const STAFF_DIRS = [path.join(src, 'packages', 'agent'), path.join(src, 'packages', 'field')];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'test' ? [] : sourceFiles(full);
    if (!/\.tsx?$/.test(entry.name) || /\.test\.tsx?$/.test(entry.name) || entry.name.endsWith('.d.ts')) return [];
    return full === path.join(src, 'lib', 'plain-words.ts') ? [] : [full];
  });
}

interface Shown {
  text: string;
  line: number;
}

/** The texts of a file in source order; `plain('户号')` counts as the text it makes. */
function textsOf(file: string): Shown[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const texts: Shown[] = [];
  const push = (node: ts.Node, text: string) => {
    if (CJK.test(text)) texts.push({ text, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
  };
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'plain' &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0]) &&
      node.arguments[0].text in PLAIN_WORDS
    ) {
      push(node, plain(node.arguments[0].text as Jargon));
      return;
    }
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) push(node, node.text);
    else if (ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) push(node, node.text);
    else if (ts.isJsxText(node)) push(node, node.text.trim());
    ts.forEachChild(node, visit);
  };
  visit(source);
  return texts;
}

/** Characters as a reader counts them (code points; the strings hold no emoji). */
const length = (text: string) => Array.from(text).length;

/** The parts of a text between pauses that run on for too long. */
function longParts(text: string): string[] {
  return text
    .split(PAUSE)
    .map((part) => part.trim())
    .filter((part) => length(part) > MAX_UNBROKEN_CHARS);
}

const files = sourceFiles(src).map((file) => ({ file: path.relative(src, file), texts: textsOf(file) }));

describe('plain language of the mini-program', () => {
  it('reads the Chinese strings of every page', () => {
    const home = files.find((f) => f.file === path.join('pages', 'index', 'index.tsx'));
    expect(home?.texts.map((t) => t.text)).toContain('一键求助');
    expect(files.length).toBeGreaterThan(10);
  });

  it(`has no sentence of more than ${MAX_UNBROKEN_CHARS} characters without a pause`, () => {
    const long = files.flatMap(({ file, texts }) =>
      texts.flatMap(({ text, line }) =>
        longParts(text).map((part) => `${file}:${line}: 「${part}」 (${length(part)} characters)`),
      ),
    );
    expect(long).toEqual([]);
  });

  it('puts plain words beside each trade word the first time a resident page uses it', () => {
    const unexplained: string[] = [];
    for (const { file, texts } of files) {
      if (STAFF_DIRS.some((dir) => path.join(src, file).startsWith(dir))) continue;
      // config files hold titles and tab labels, too short for brackets; the page says it in full
      if (file.endsWith('.config.ts')) continue;
      const all = texts.map((t) => t.text).join('\n');
      for (const [word, words] of Object.entries(PLAIN_WORDS)) {
        const first = texts.find((t) => t.text.includes(word));
        if (!first) continue;
        const phrasings: readonly string[] = words;
        if (first.text.includes(`${word}（`) || phrasings.some((w) => all.includes(w))) continue;
        unexplained.push(
          `${file}:${first.line}: 「${first.text}」 uses ${word} without 「${phrasings.join('」 or 「')}」 (write plain('${word}'))`,
        );
      }
    }
    expect(unexplained).toEqual([]);
  });
});

describe('the sentence-length check', () => {
  it('flags a run of more than 30 characters and lets a comma break it', () => {
    const run = '请您带上身份证和缴费卡到离家最近的营业厅办理这项业务工作人员会帮您';
    expect(longParts(run)).toEqual([run]);
    expect(longParts('请您带上身份证和缴费卡，到离家最近的营业厅办理这项业务，工作人员会帮您')).toEqual([]);
  });
});

describe('plain', () => {
  it('puts the plain words in brackets after the word', () => {
    expect(plain('户号')).toBe('户号（缴费卡上的号码）');
  });
});
