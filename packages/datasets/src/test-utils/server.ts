import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the test server answers one path. */
export type Route =
  /** 200 with the bytes. */
  | { kind: 'serve'; body: Uint8Array; contentType?: string }
  /** 200 with an HTML page (like a captive portal or an SPA fallback). */
  | { kind: 'html'; contentType?: string }
  /** That HTTP status with a short text body. */
  | { kind: 'status'; status: number }
  /** Headers with the full Content-Length, half of the body, then the socket is destroyed. */
  | { kind: 'truncate'; body: Uint8Array }
  /** Accepts the request and never answers. */
  | { kind: 'stall' }
  /** Sends headers and the first bytes of the body, then nothing more. */
  | { kind: 'stall-body'; body: Uint8Array };

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Base URL of a path prefix, e.g. `mirror('m1')` → `http://127.0.0.1:<port>/m1/`. */
  mirror(prefix: string): string;
  /** Sets (or replaces) the route of a path such as `/m1/train-images-idx3-ubyte.gz`. */
  route(path: string, route: Route): void;
  /** Routes every file of `files` under `prefix` with a route made by `make` (default: serve). */
  routeAll(prefix: string, files: Record<string, Uint8Array>, make?: (body: Uint8Array) => Route): void;
  /** Requests received for `path`, or in total. */
  requests(path?: string): number;
  /** Requests received under a prefix like `m1`. */
  requestsUnder(prefix: string): number;
  close(): Promise<void>;
}

/** Starts a local HTTP server on 127.0.0.1 (random port) with per-path behaviour and request counts. Unknown paths: 404. */
export async function startServer(): Promise<TestServer> {
  const routes = new Map<string, Route>();
  const counts = new Map<string, number>();
  let total = 0;
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    counts.set(path, (counts.get(path) ?? 0) + 1);
    total++;
    const route = routes.get(path) ?? { kind: 'status', status: 404 };
    switch (route.kind) {
      case 'serve':
        res.writeHead(200, {
          'content-type': route.contentType ?? 'application/octet-stream',
          'content-length': route.body.length,
        });
        res.end(route.body);
        return;
      case 'html': {
        const page = '<!doctype html><html><body><h1>Welcome</h1><p>Please log in.</p></body></html>';
        res.writeHead(200, { 'content-type': route.contentType ?? 'text/html; charset=utf-8' });
        res.end(page);
        return;
      }
      case 'status':
        res.writeHead(route.status, { 'content-type': 'text/plain' });
        res.end(`status ${route.status}`);
        return;
      case 'truncate':
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': route.body.length });
        res.write(route.body.subarray(0, route.body.length >> 1), () => {
          setTimeout(() => res.socket?.destroy(), 10);
        });
        return;
      case 'stall':
        return;
      case 'stall-body':
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': route.body.length });
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
      for (const [name, body] of Object.entries(files)) routes.set(`/${prefix}/${name}`, make(body));
    },
    requests: (path) => (path === undefined ? total : (counts.get(path) ?? 0)),
    requestsUnder: (prefix) => {
      let n = 0;
      for (const [path, count] of counts) if (path.startsWith(`/${prefix}/`)) n += count;
      return n;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
