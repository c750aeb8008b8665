import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DownloadProgress } from '../types';

/** How the test server answers one path. */
export type Route =
  /**
   * 200 with the bytes; with `ranges` (the default) a `Range: bytes=N-` / `bytes=N-M` request gets
   * 206 and that part (416 when it starts past the end). `ranges: false`: Range is ignored (200, whole).
   */
  | { kind: 'serve'; body: Uint8Array; contentType?: string; ranges?: boolean; etag?: string }
  /** 200 with an HTML page (like a captive portal or an SPA fallback). */
  | { kind: 'html'; contentType?: string }
  /** That HTTP status with a short text body. */
  | { kind: 'status'; status: number }
  /** Headers with the full Content-Length, half of the body, then the socket is destroyed (Range ignored). */
  | { kind: 'truncate'; body: Uint8Array }
  /**
   * The first `times` requests (default: every one) are answered as `serve` would (200, or 206 for a
   * Range request when `ranges` is not `false`), but only the first `after` bytes (≥ 1) of that answer
   * are sent; the connection is then held, and dropped once the client has received those bytes: pass
   * {@link TestServer.dropCutsWhenReceived} as (or call it from) the download's `onProgress`. So the
   * client holds exactly the bytes sent, with no race. Later requests are served whole, from
   * `laterBody` (default `body`; give bytes that differ past the cut to test a resumed file that fails
   * verification).
   */
  | {
      kind: 'cut';
      body: Uint8Array;
      after: number;
      times?: number;
      ranges?: boolean;
      laterBody?: Uint8Array;
    }
  /** Held (nothing sent) until {@link TestServer.openGates}; then, and from then on, served as `serve`. */
  | { kind: 'gate'; body: Uint8Array }
  /** Accepts the request and never answers. */
  | { kind: 'stall' }
  /** Sends headers and the first bytes of the body, then nothing more. */
  | { kind: 'stall-body'; body: Uint8Array };

/** One request the server received, and what it answered. */
export interface RequestRecord {
  path: string;
  /** The `Range` header, when sent. */
  range: string | undefined;
  /** The `If-Range` header, when sent. */
  ifRange: string | undefined;
  /** The status sent (`0` while none was). */
  status: number;
  /** Body bytes sent. */
  bytesSent: number;
}

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Base URL of a path prefix, e.g. `mirror('m1')` → `http://127.0.0.1:<port>/m1/`. */
  mirror(prefix: string): string;
  /** Sets (or replaces) the route of a path such as `/m1/train-images-idx3-ubyte.gz`. */
  route(path: string, route: Route): void;
  /** Routes every file of `files` under `prefix` with a route made by `make` (default: serve). */
  routeAll(prefix: string, files: Record<string, Uint8Array>, make?: (body: Uint8Array, name: string) => Route): void;
  /** Requests received for `path`, or in total. */
  requests(path?: string): number;
  /** Requests received under a prefix like `m1`. */
  requestsUnder(prefix: string): number;
  /** Every request received (for `path`, when given), in arrival order. */
  log(path?: string): RequestRecord[];
  /** Requests being answered now (received, answer not finished; a held `gate` request counts). */
  inFlight(): number;
  /** The most requests ever in flight at once. */
  maxInFlight(): number;
  /** Resolves once `n` requests are in flight at once. */
  whenInFlight(n: number): Promise<void>;
  /**
   * An `onProgress` callback: drops the connection of each held `cut` answer once `progress` shows the
   * client received all of it (`bytesDone` equals the byte offset the answer stopped at).
   */
  dropCutsWhenReceived(progress: DownloadProgress): void;
  /** Answers every held `gate` request, and every later one at once. */
  openGates(): void;
  close(): Promise<void>;
}

/** Starts a local HTTP server on 127.0.0.1 (random port) with per-path behaviour and request logs. Unknown paths: 404. */
export async function startServer(): Promise<TestServer> {
  const routes = new Map<string, Route>();
  const records: RequestRecord[] = [];
  const cuts = new Map<string, number>();
  let active = 0;
  let maxActive = 0;
  let waiters: { n: number; resolve: () => void }[] = [];
  let gatesOpen = false;
  let held: (() => void)[] = [];
  const heldCuts = new Map<string, { end: number; drop: () => void }[]>();

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const record: RequestRecord = {
      path,
      range: req.headers.range,
      ifRange: req.headers['if-range'] as string | undefined,
      status: 0,
      bytesSent: 0,
    };
    records.push(record);
    active++;
    maxActive = Math.max(maxActive, active);
    for (const waiter of waiters.filter((w) => active >= w.n)) waiter.resolve();
    waiters = waiters.filter((w) => active < w.n);
    let finished = false;
    const finish = () => {
      if (!finished) active--;
      finished = true;
    };
    res.on('close', finish);
    const head = (status: number, headers: Record<string, string | number>) => {
      record.status = status;
      res.writeHead(status, headers);
    };
    const send = (bytes: Uint8Array) => {
      record.bytesSent += bytes.length;
      res.end(bytes);
    };

    const route = routes.get(path) ?? { kind: 'status', status: 404 };
    switch (route.kind) {
      case 'serve':
        serve(req, route.body, route.ranges ?? true, head, send, route.contentType, route.etag);
        return;
      case 'html': {
        const page = '<!doctype html><html><body><h1>Welcome</h1><p>Please log in.</p></body></html>';
        head(200, { 'content-type': route.contentType ?? 'text/html; charset=utf-8' });
        res.end(page);
        return;
      }
      case 'status':
        head(route.status, { 'content-type': 'text/plain' });
        res.end(`status ${route.status}`);
        return;
      case 'truncate':
        head(200, { 'content-type': 'application/octet-stream', 'content-length': route.body.length });
        record.bytesSent += route.body.length >> 1;
        res.write(route.body.subarray(0, route.body.length >> 1), () => {
          setTimeout(() => res.socket?.destroy(), 10);
        });
        return;
      case 'cut': {
        const done = cuts.get(path) ?? 0;
        if (done >= (route.times ?? Number.POSITIVE_INFINITY)) {
          serve(req, route.laterBody ?? route.body, route.ranges ?? true, head, send);
          return;
        }
        cuts.set(path, done + 1);
        const start = Number(/^bytes=(\d+)-/.exec(req.headers.range ?? '')?.[1] ?? 0);
        const cutSend = (bytes: Uint8Array) => {
          if (bytes.length <= route.after) {
            send(bytes); // nothing to cut off
            return;
          }
          const part = bytes.subarray(0, Math.max(1, route.after));
          record.bytesSent += part.length;
          res.write(part);
          const end = (record.status === 206 ? start : 0) + part.length;
          const list = heldCuts.get(path) ?? [];
          list.push({ end, drop: () => res.socket?.destroy() });
          heldCuts.set(path, list);
        };
        serve(req, route.body, route.ranges ?? true, head, cutSend);
        return;
      }
      case 'gate': {
        const go = () => {
          finish(); // no longer held: counted out before a byte is sent
          serve(req, route.body, true, head, send);
        };
        if (gatesOpen) go();
        else held.push(go);
        return;
      }
      case 'stall':
        return;
      case 'stall-body':
        head(200, { 'content-type': 'application/octet-stream', 'content-length': route.body.length });
        record.bytesSent += Math.min(4, route.body.length);
        res.write(route.body.subarray(0, Math.min(4, route.body.length)));
        return;
    }
  };
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    mirror: (prefix) => `${origin}/${prefix}/`,
    route: (path, route) => {
      routes.set(path, route);
    },
    routeAll: (prefix, files, make = (body) => ({ kind: 'serve', body })) => {
      for (const [name, body] of Object.entries(files)) routes.set(`/${prefix}/${name}`, make(body, name));
    },
    requests: (path) => (path === undefined ? records.length : records.filter((r) => r.path === path).length),
    requestsUnder: (prefix) => records.filter((r) => r.path.startsWith(`/${prefix}/`)).length,
    log: (path) => records.filter((r) => path === undefined || r.path === path),
    inFlight: () => active,
    maxInFlight: () => maxActive,
    whenInFlight: (n) =>
      active >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve })),
    dropCutsWhenReceived: (progress) => {
      const path = new URL(progress.file, progress.mirror).pathname;
      const list = heldCuts.get(path) ?? [];
      for (const cut of list.filter((c) => c.end === progress.bytesDone)) {
        list.splice(list.indexOf(cut), 1);
        cut.drop();
      }
    },
    openGates: () => {
      gatesOpen = true;
      const release = held;
      held = [];
      for (const go of release) go();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers with `body` (200), or the part a `Range: bytes=N-` / `bytes=N-M` request asks for (206) when `ranges`. */
function serve(
  req: IncomingMessage,
  body: Uint8Array,
  ranges: boolean,
  head: (status: number, headers: Record<string, string | number>) => void,
  send: (bytes: Uint8Array) => void,
  contentType = 'application/octet-stream',
  etag?: string,
): void {
  const headers: Record<string, string | number> = { 'content-type': contentType };
  if (etag !== undefined) headers.etag = etag;
  if (ranges) headers['accept-ranges'] = 'bytes';
  const match = ranges ? /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '') : null;
  if (match === null) {
    head(200, { ...headers, 'content-length': body.length });
    send(body);
    return;
  }
  const start = Number(match[1]);
  const end = Math.min(match[2] === '' ? body.length - 1 : Number(match[2]), body.length - 1);
  if (start >= body.length || end < start) {
    head(416, { 'content-range': `bytes */${body.length}`, 'content-length': 0 });
    send(new Uint8Array(0));
    return;
  }
  head(206, { ...headers, 'content-range': `bytes ${start}-${end}/${body.length}`, 'content-length': end - start + 1 });
  send(body.subarray(start, end + 1));
}
