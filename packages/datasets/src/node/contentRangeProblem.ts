/**
 * Checks a `206 Partial Content` answer to `Range: bytes=<from>-` of a file of `total` bytes: its
 * `Content-Range` must be `bytes <from>-<total-1>/<total>` and its `Content-Length`, when sent (and no
 * `Content-Encoding`), `total - from`.
 *
 * @returns why the answer cannot be appended to the first `from` bytes, or `undefined` when it can.
 */
export function contentRangeProblem(response: Response, from: number, total: number): string | undefined {
  if (response.status !== 206) return `HTTP ${response.status} to a Range request`;
  const header = response.headers.get('content-range');
  const match = header === null ? null : /^\s*bytes\s+(\d+)-(\d+)\/(\d+)\s*$/i.exec(header);
  if (match === null) return `unusable Content-Range: ${header ?? 'none'}`;
  const [start, end, size] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (start !== from || end !== total - 1 || size !== total) {
    return `Content-Range ${header} does not continue bytes ${from}-${total - 1}/${total}`;
  }
  const length = response.headers.get('content-length');
  if (length !== null && !response.headers.has('content-encoding') && Number(length) !== total - from) {
    return `Content-Length ${length} does not match Content-Range ${header}`;
  }
  return undefined;
}
