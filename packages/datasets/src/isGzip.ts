/** `true` when `bytes` start with the gzip magic `1f 8b` (detection by content, never by file name). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}
