/**
 * Orders strings as Python's `sorted()` does: by Unicode code point (the same as UTF-8 byte order),
 * which is how torchvision's `ImageFolder` numbers its classes. Differs from JavaScript's default
 * sort (UTF-16 code units) only for characters beyond U+FFFF against those in U+E000…U+FFFF.
 */
export function comparePythonStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}
