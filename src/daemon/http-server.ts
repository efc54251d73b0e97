/**
 * The HTTP front door: node:http, a router, JSON in and out, and one catch-all that turns
 * any thrown error into a JSON response, so no request can crash the daemon. Tracks
 * requests in flight so a shutdown can stop accepting and still answer them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toErrorResponse } from './http-errors.js';
import { DEFAULT_BODY_LIMIT, parseJsonBody, readBody } from './read-body.js';
import type { Router, RouteRequest } from './router.js';

export interface HttpServerOptions {
  router: Router;
  /** Largest accepted body in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Called with failures that are not the client's fault (500s). */
  onUnexpectedError?: (err: unknown, method: string, path: string) => void;
  /** Called once per answered request: its route (`/bookings/:id`, or `unmatched`), status and time taken. */
  onResponse?: (method: string, route: string, status: number, seconds: number) => void;
}

export interface HttpServer {
  readonly server: Server;
  listen(host: string, port: number): Promise<AddressInfo>;
  /** Stops accepting connections and resolves once every request in flight has been answered. */
  close(): Promise<void>;
  inFlight(): number;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const payload = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

/** A text answer as it is, with its own content type (`/metrics`: the Prometheus text format). */
function sendText(res: ServerResponse, status: number, text: { contentType: string; content: string }, headers: Record<string, string>): void {
  res.writeHead(status, { 'content-type': text.contentType, 'content-length': Buffer.byteLength(text.content), ...headers });
  res.end(text.content);
}

/** A path made only of these needs no normalising (no dot segments, escapes, query or doubled slashes). */
const PLAIN_PATH = /^(?:\/[A-Za-z0-9_-]+)+$/;

/** The request's path (trailing slashes dropped) and query. */
function splitUrl(target: string): { path: string; query: URLSearchParams } {
  // The common case (`/webhook/flight-event`) skips URL parsing, which costs about a microsecond a request.
  if (PLAIN_PATH.test(target)) return { path: target, query: new URLSearchParams() };
  // The host is irrelevant to routing; a fixed base keeps URL from trusting the Host header.
  const url = new URL(target, 'http://akasa.local');
  return { path: url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname, query: url.searchParams };
}

export function createHttpServer(options: HttpServerOptions): HttpServer {
  const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  let inFlight = 0;
  let closing = false;
  const drained: Array<() => void> = [];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const { path, query } = splitUrl(req.url ?? '/');
    const started = options.onResponse ? performance.now() : 0;
    let route = 'unmatched';
    let status = 500;
    try {
      const match = options.router(method, path);
      const { handler, params } = match;
      route = match.route;
      let body: Promise<Buffer> | undefined;
      let json: Promise<unknown> | undefined;
      const request: RouteRequest = {
        method,
        path,
        params,
        query,
        headers: req.headers,
        rawBody: () => (body ??= readBody(req, limit)),
        json: () => (json ??= request.rawBody().then((b) => parseJsonBody(b, req.headers['content-type']))),
      };
      const result = await handler(request);
      const headers = { ...result.headers };
      if (closing) headers.connection = 'close';
      status = result.status ?? 200;
      if (result.text) sendText(res, status, result.text, headers);
      else send(res, status, result.body, headers);
    } catch (err) {
      const mapped = toErrorResponse(err);
      if (mapped.unexpected !== undefined) options.onUnexpectedError?.(mapped.unexpected, method, path);
      if (closing) mapped.headers.connection = 'close';
      status = mapped.status;
      send(res, mapped.status, mapped.body, mapped.headers);
    }
    options.onResponse?.(method, route, status, (performance.now() - started) / 1000);
  };

  const server = createServer({ keepAlive: true, requestTimeout: 30_000, headersTimeout: 10_000 }, (req, res) => {
    inFlight++;
    res.once('close', () => {
      inFlight--;
      if (inFlight === 0 && closing) for (const fn of drained.splice(0)) fn();
    });
    handle(req, res).catch((err: unknown) => {
      // handle() catches everything itself; this is the last line of defence.
      options.onUnexpectedError?.(err, req.method ?? '?', req.url ?? '?');
      if (!res.writableEnded) res.destroy();
    });
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (socket.writable && err.code !== 'ECONNRESET') {
      socket.end('HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n{"error":"bad_request","message":"malformed HTTP request"}');
    } else socket.destroy();
  });

  return {
    server,
    inFlight: () => inFlight,
    listen: (host, port) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        closing = true;
        server.close(() => resolve());
        // Keep-alive connections with no request in flight would hold close() open.
        server.closeIdleConnections();
        if (inFlight === 0) return;
        drained.push(() => server.closeIdleConnections());
      }),
  };
}
