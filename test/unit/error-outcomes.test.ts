/** Each front door's one table: every domain error's exit code and HTTP status and its JSON `error`. */
import { describe, expect, it } from 'vitest';
import { reportError } from '../../src/cli/report-error.js';
import { createTheme } from '../../src/cli/output/theme.js';
import { toErrorResponse } from '../../src/daemon/http-errors.js';
import { type AppError, ConflictError, NotFoundError, QuoteChangedError, RuleError, SignatureError, StoreVersionError, UsageError, ValidationError } from '../../src/domain/errors.js';

const plain = createTheme({ isTTY: false }, { NO_COLOR: '1' });

const cases: Array<[string, AppError, { error: string; exit: number; status: number }]> = [
  ['validation', ValidationError.field('flight_number', 'expected QP followed by 1-4 digits'), { error: 'validation_error', exit: 2, status: 400 }],
  ['usage', new UsageError('give --booking or --locator'), { error: 'usage_error', exit: 2, status: 400 }],
  ['not found', new NotFoundError('booking', 'K7M2QX'), { error: 'not_found', exit: 1, status: 404 }],
  ['signature', new SignatureError('missing webhook-id header'), { error: 'unauthorized', exit: 1, status: 401 }],
  ['conflict', new ConflictError('seat 12A is taken'), { error: 'conflict', exit: 1, status: 409 }],
  ['quote changed', new QuoteChangedError('the price moved', { total: 5200 }), { error: 'conflict', exit: 1, status: 409 }],
  ['rule', new RuleError('depart_date', 'is in the past'), { error: 'rule_violation', exit: 1, status: 400 }],
  ['store too new', new StoreVersionError('/tmp/akasa.db', 99, 6), { error: 'store_too_new', exit: 1, status: 500 }],
];

describe('error outcomes', () => {
  it.each(cases)('%s', (_name, err, expected) => {
    const lines: string[] = [];
    expect(reportError(err, plain, true, (l) => lines.push(l))).toBe(expected.exit);
    expect(JSON.parse(lines[0]!)).toMatchObject({ error: expected.error, message: err.message });
    const res = toErrorResponse(err);
    expect(res.status).toBe(expected.status);
    expect(res.body).toMatchObject({ error: expected.error, message: err.message });
  });

  it('a busy database is exit 1 and 503 with retry-after; anything else unexpected is exit 1 and 500', () => {
    const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    const lines: string[] = [];
    expect(reportError(busy, plain, false, (l) => lines.push(l))).toBe(1);
    expect(lines[0]).toMatch(/database is busy/);
    expect(toErrorResponse(busy)).toMatchObject({ status: 503, headers: { 'retry-after': '1' }, body: { error: 'busy' } });
    const bug = new TypeError('x is undefined');
    expect(reportError(bug, plain, false, () => {})).toBe(1);
    expect(toErrorResponse(bug)).toMatchObject({ status: 500, body: { error: 'internal_error' }, unexpected: bug });
  });
});
