/** Test helper: whether text holds a control character a terminal would act on. Not shipped. */
export function hasRawControl(text: string, opts: { allowNewlines?: boolean } = {}): boolean {
  for (const c of text) {
    const n = c.codePointAt(0)!;
    if (n === 10 && opts.allowNewlines) continue;
    if (n < 0x20 || (n >= 0x7f && n <= 0x9f)) return true;
  }
  return false;
}
