/** ANSI styles used by the text report; each returns the text unchanged when `enabled` is false. */
export interface Styles {
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const identity = (text: string) => text;

/** The styles for `color: true` (ANSI escapes) or `color: false` (plain text). */
export function ansi(enabled: boolean): Styles {
  if (!enabled) return { bold: identity, dim: identity, green: identity, red: identity, yellow: identity };
  return { bold: wrap(1, 22), dim: wrap(2, 22), green: wrap(32, 39), red: wrap(31, 39), yellow: wrap(33, 39) };
}
