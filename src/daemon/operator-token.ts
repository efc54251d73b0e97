/**
 * The operator token (`AKASA_API_TOKEN`): once the daemon is configured to authenticate
 * anything (a webhook secret, or the token itself), every request that changes state —
 * any method but GET, on any route but the webhook, which has its own signatures — must
 * carry `Authorization: Bearer <token>`. Applied once to the whole route table, so a route
 * added later is covered without doing anything.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { UsageError } from '../domain/errors.js';
import { HttpError } from './http-errors.js';
import type { Route } from './router.js';
import { MIN_SECRET_BYTES } from '../signing/webhook-signature.js';

/** The token from `AKASA_API_TOKEN`, or none when unset; an empty or short one is a usage error. */
export function loadApiToken(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const raw = env.AKASA_API_TOKEN;
  if (raw === undefined) return undefined;
  const token = raw.trim();
  const bytes = Buffer.byteLength(token);
  if (bytes < MIN_SECRET_BYTES) {
    throw new UsageError(
      `AKASA_API_TOKEN is ${bytes === 0 ? 'set but empty' : `${bytes} byte${bytes === 1 ? '' : 's'} long`}; an operator token must be at least ${MIN_SECRET_BYTES} bytes (e.g. $(openssl rand -hex 32)), or unset it`,
    );
  }
  return token;
}

export interface OperatorTokenPolicy {
  /** The token requests must present; undefined with `required` refuses every state change. */
  token: string | undefined;
  /** Whether state changes need the token at all (a webhook secret or a token is configured). */
  required: boolean;
  /** Paths that authenticate themselves (the signed webhook). */
  exemptPaths: readonly string[];
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

const refused = (message: string) => new HttpError(401, 'unauthorized', message, { 'www-authenticate': 'Bearer realm="akasa"' });

/** The routes, with the token check in front of every state-changing one. */
export function guardStateChanges(routes: readonly Route[], policy: OperatorTokenPolicy): Route[] {
  if (!policy.required) return [...routes];
  // Compared as fixed-length digests in constant time: neither the length nor a prefix of the token leaks through timing.
  const expected = policy.token === undefined ? undefined : digest(policy.token);
  return routes.map((route) => {
    if (route.method === 'GET' || policy.exemptPaths.includes(route.path)) return route;
    const handler: Route['handler'] = (req) => {
      if (expected === undefined) {
        throw refused('this daemon accepts no changes over HTTP: it was started with a webhook secret but without AKASA_API_TOKEN');
      }
      const header = req.headers.authorization;
      const match = typeof header === 'string' ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header) : null;
      if (!match) throw refused('this request changes state: send the operator token as "Authorization: Bearer <AKASA_API_TOKEN>"');
      if (!timingSafeEqual(digest(match[1]!), expected)) throw refused('operator token rejected');
      return route.handler(req);
    };
    return { ...route, handler };
  });
}
