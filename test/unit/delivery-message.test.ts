import { describe, expect, it } from 'vitest';
import { checkEndpointChannel, checkEndpointUrl, contactFor, webhookMessageId } from '../../src/domain/delivery-message.js';
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
