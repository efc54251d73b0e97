/**
 * Webhook endpoint use cases: add (with a generated secret unless one is given), list,
 * enable, disable, remove. Shared by the CLI (and any future HTTP front door).
 */
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { checkEndpointChannel, checkEndpointUrl, type EndpointChannel } from '../domain/delivery-message.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import { deleteEndpoint, type EndpointWithCounts, getEndpoint, insertEndpoint, listEndpoints, setEndpointStatus } from '../store/webhook-endpoint-repository.js';
import type { ServiceContext } from '../context.js';

/** An endpoint as shown to the operator: never its secret. */
export interface EndpointView {
  id: number;
  url: string;
  channel: EndpointChannel;
  status: 'enabled' | 'disabled';
  disabled_reason: string | null;
  created_at: string;
  updated_at: string;
  /** Deliveries per state (absent where not counted). */
  deliveries?: EndpointWithCounts['deliveries'];
}

export interface AddEndpointInput {
  url: string;
  channel?: string;
  /** `whsec_…`; generated when absent. */
  secret?: string;
}

export interface AddedEndpoint extends EndpointView {
  /** A generated signing secret, shown this once (absent when the operator gave one). */
  secret?: string;
}

/** A new Standard Webhooks secret: `whsec_` and 24 random bytes in base64. */
export function generateSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/** Checks a secret is `whsec_` + base64 that the signing library accepts. */
export function checkSecret(secret: string, field = 'secret'): string {
  const s = secret.trim();
  if (!s.startsWith('whsec_')) throw ValidationError.field(field, 'expected a Standard Webhooks secret: whsec_ followed by base64');
  try {
    new Webhook(s);
  } catch (err) {
    throw ValidationError.field(field, `not a usable secret: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (Buffer.from(s.slice('whsec_'.length), 'base64').length < 16) throw ValidationError.field(field, 'too short: use at least 16 random bytes (akasa generates 24 when no secret is given)');
  return s;
}

function view(e: Omit<EndpointView, 'deliveries'> & { deliveries?: EndpointView['deliveries'] }): EndpointView {
  const v: EndpointView = { id: e.id, url: e.url, channel: e.channel, status: e.status, disabled_reason: e.disabled_reason, created_at: e.created_at, updated_at: e.updated_at };
  if (e.deliveries) v.deliveries = e.deliveries;
  return v;
}

export function addEndpoint(ctx: ServiceContext, input: AddEndpointInput): AddedEndpoint {
  const url = checkEndpointUrl(input.url, 'url');
  const channel = checkEndpointChannel(input.channel ?? 'all', 'channel');
  const secret = input.secret === undefined ? generateSecret() : checkSecret(input.secret, 'secret');
  const row = insertEndpoint(ctx.store, { uid: randomBytes(6).toString('hex'), url, channel, secret, created_at: ctx.clock.nowIso() });
  return input.secret === undefined ? { ...view(row), secret } : view(row);
}

export function listEndpointViews(ctx: ServiceContext): EndpointView[] {
  return listEndpoints(ctx.store).map(view);
}

/** An endpoint id from the command line or a request: a positive whole number. */
export function parseEndpointId(raw: string, field = 'id'): number {
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1) throw ValidationError.field(field, `expected an endpoint id (a whole number, see \`akasa endpoint list\`), got ${JSON.stringify(raw)}`);
  return Number(raw);
}

export function setEndpointEnabled(ctx: ServiceContext, rawId: string, enabled: boolean): EndpointView {
  const id = parseEndpointId(rawId);
  if (!setEndpointStatus(ctx.store, id, enabled ? 'enabled' : 'disabled', enabled ? null : 'by the operator', ctx.clock.nowIso())) throw new NotFoundError('endpoint', String(id));
  return view(getEndpoint(ctx.store, id)!);
}

export function removeEndpoint(ctx: ServiceContext, rawId: string): { id: number; removed: true; open_deliveries_dropped: number } {
  const id = parseEndpointId(rawId);
  const r = deleteEndpoint(ctx.store, id);
  if (!r) throw new NotFoundError('endpoint', String(id));
  return { id, removed: true, open_deliveries_dropped: r.open_deliveries };
}
