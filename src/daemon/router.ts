/**
 * Method + path → handler, with `:name` path parameters. An unknown path is a 404; a
 * known path with the wrong method is a 405 that lists the allowed methods.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { methodNotAllowed, notFoundPath } from './http-errors.js';

export interface RouteRequest {
  method: string;
  path: string;
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The raw body (read once, size-limited). */
  rawBody(): Promise<Buffer>;
  /** The body as JSON, `undefined` when empty; 415/400 when not JSON. */
  json(): Promise<unknown>;
}

export interface RouteResponse {
  /** Default 200. */
  status?: number;
  body: unknown;
  /** A plain-text answer instead of JSON (`/metrics`); `body` is then ignored. */
  text?: { contentType: string; content: string };
  headers?: Record<string, string>;
}

export type RouteHandler = (req: RouteRequest) => RouteResponse | Promise<RouteResponse>;

export interface Route {
  method: 'GET' | 'POST';
  /** `/bookings/:id/request-change` */
  path: string;
  handler: RouteHandler;
}

export interface RouteMatch {
  handler: RouteHandler;
  params: Record<string, string>;
  /** The route's declared path (`/bookings/:id`): a label with few values, for metrics. */
  route: string;
}

interface CompiledPath {
  path: string;
  segments: string[];
  byMethod: Map<string, RouteHandler>;
}

export type Router = (method: string, path: string) => RouteMatch;

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

export function createRouter(routes: readonly Route[]): Router {
  const compiled: CompiledPath[] = [];
  for (const route of routes) {
    let entry = compiled.find((c) => c.path === route.path);
    if (!entry) {
      entry = { path: route.path, segments: splitPath(route.path), byMethod: new Map() };
      compiled.push(entry);
    }
    entry.byMethod.set(route.method, route.handler);
  }

  const matchPath = (c: CompiledPath, parts: string[]): Record<string, string> | undefined => {
    if (c.segments.length !== parts.length) return undefined;
    const params: Record<string, string> = {};
    for (let i = 0; i < parts.length; i++) {
      const seg = c.segments[i]!;
      const part = parts[i]!;
      if (seg.startsWith(':')) {
        try {
          params[seg.slice(1)] = decodeURIComponent(part);
        } catch {
          return undefined; // malformed %-escape: no route has such a segment
        }
      } else if (seg !== part) return undefined;
    }
    return params;
  };

  // Paths without parameters that no earlier route also matches: found with one map lookup.
  const exact = new Map<string, CompiledPath>();
  compiled.forEach((c, i) => {
    if (c.segments.some((seg) => seg.startsWith(':'))) return;
    if (compiled.slice(0, i).some((earlier) => matchPath(earlier, c.segments))) return;
    exact.set(`/${c.segments.join('/')}`, c);
  });
  const noParams: Record<string, string> = Object.freeze({}) as Record<string, string>;

  return (method, path) => {
    const hit = exact.get(path);
    if (hit) {
      const handler = hit.byMethod.get(method);
      if (!handler) throw methodNotAllowed(method, path, [...hit.byMethod.keys()]);
      return { handler, params: noParams, route: hit.path };
    }
    const parts = splitPath(path);
    for (const c of compiled) {
      const params = matchPath(c, parts);
      if (!params) continue;
      const handler = c.byMethod.get(method);
      if (!handler) throw methodNotAllowed(method, path, [...c.byMethod.keys()]);
      return { handler, params, route: c.path };
    }
    throw notFoundPath(path);
  };
}
