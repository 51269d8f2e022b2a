/** The text of Taro's input event in both targets (`detail.value`), or of a plain DOM event (unit tests). */
export function inputValue(event: unknown): string {
  const e = event as { detail?: { value?: unknown }; target?: { value?: unknown } };
  const value = e.detail?.value ?? e.target?.value;
  return typeof value === 'string' ? value : '';
}
