/** The original design's alert endpoints, through the same use cases as `akasa alert …`. */
import { ValidationError } from '../../domain/errors.js';
import { listAlerts, resolveAlert } from '../../services/alerts.js';
import type { ServiceContext } from '../../context.js';
import type { Route } from '../router.js';
import { queryObject } from './bookings.js';

/** `{note}` (or the original design's `resolution_note`), or no body at all. */
function resolveBody(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body !== 'object' || Array.isArray(body)) throw ValidationError.field('(body)', 'expected a JSON object like {"note": "..."} or no body');
  const record = body as Record<string, unknown>;
  const note = record.note ?? record.resolution_note;
  if (note !== undefined && note !== null && typeof note !== 'string') throw ValidationError.field('note', `expected a string, got ${JSON.stringify(note)}`);
  return (note as string | null | undefined) ?? undefined;
}

export function alertRoutes(ctx: ServiceContext): Route[] {
  return [
    { method: 'GET', path: '/alerts', handler: (req) => ({ body: listAlerts(ctx, queryObject(req.query)) }) },
    {
      method: 'POST',
      path: '/alerts/:id/resolve',
      handler: async (req) => ({ body: resolveAlert(ctx, req.params.id!, resolveBody(await req.json())) }),
    },
  ];
}
