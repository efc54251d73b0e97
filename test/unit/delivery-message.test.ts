import { describe, expect, it } from 'vitest';
import { checkEndpointChannel, checkEndpointUrl, contactFor, type NotificationMessageFacts, notificationMessage, webhookMessageId } from '../../src/domain/delivery-message.js';
import { ValidationError } from '../../src/domain/errors.js';

describe('endpoint rules', () => {
  const urls: Array<[string, string | RegExp]> = [
    ['http://127.0.0.1:9000/hook', 'http://127.0.0.1:9000/hook'],
    ['https://sms.example.in/v1/akasa', 'https://sms.example.in/v1/akasa'],
    ['  http://localhost:1/  ', 'http://localhost:1/'],
    ['ftp://example.com/', /expected http:\/\/ or https:\/\/, got "ftp"/],
    ['example.com/hook', /expected an absolute http/],
    ['https://user:pw@example.com/', /must not contain a user name or password/],
  ];
  for (const [input, expected] of urls) {
    it(`url ${JSON.stringify(input)}`, () => {
      if (typeof expected === 'string') expect(checkEndpointUrl(input)).toBe(expected);
      else expect(() => checkEndpointUrl(input)).toThrow(expected);
    });
  }

  it('channels: sms, email, whatsapp or all', () => {
    expect(checkEndpointChannel('SMS')).toBe('sms');
    expect(() => checkEndpointChannel('fax')).toThrow(ValidationError);
  });

  it('the contact for a channel: e-mail address for email, phone for sms and whatsapp', () => {
    const c = { email: 'a@b.in', phone: '+91 90000 00001' };
    expect([contactFor('email', c), contactFor('sms', c), contactFor('whatsapp', c)]).toEqual(['a@b.in', '+91 90000 00001', '+91 90000 00001']);
  });

  it('message ids are stable per endpoint and notification', () => {
    expect(webhookMessageId('a1b2c3', 42)).toBe('msg_a1b2c3_42');
  });
});

describe('the entitlement sentence of a message', () => {
  const facts = (entitlements: NotificationMessageFacts['entitlements']): NotificationMessageFacts => ({
    notification: { id: 1, kind: 'alert', alert_id: 1, change_seq: 1, change_kind: 'opened', channel: 'sms', message: 'QP2001 is cancelled.', created_at: '2026-12-01T09:00:00.000Z' },
    customer: { id: 'CUST001', name: 'A', email: 'a@b.in', phone: '+91 90000 00001' },
    booking: { id: 'b-1', locator: 'ABCDEF', passenger_name: 'A', flight_number: 'QP2001', depart_date: '2026-12-01', origin: 'BOM', destination: 'DEL', seat: '1A', status: 'confirmed' },
    alert: null,
    entitlements,
  });
  const cases: Array<[string, NotificationMessageFacts['entitlements'], string | null]> = [
    ['nothing stored', [], null],
    ['only exempt (weather)', [{ kind: 'compensation', amount_inr: 0, exempt_reason: 'extraordinary circumstances: weather' }], null],
    ['meals', [{ kind: 'meals', amount_inr: null, exempt_reason: null }], 'You are entitled to meals and refreshments.'],
    [
      'late cancellation',
      [
        { kind: 'alternate_or_refund', amount_inr: 5999, exempt_reason: null },
        { kind: 'compensation', amount_inr: 5000, exempt_reason: null },
      ],
      'You are entitled to a full refund or an alternate flight and to compensation of ₹5,000.',
    ],
  ];
  for (const [name, entitlements, sentence] of cases) {
    it(name, () => expect(notificationMessage(facts(entitlements)).data.entitlement).toBe(sentence));
  }
});
