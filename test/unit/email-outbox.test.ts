import { outboxStep, sendFailure } from '../../domain/email-outbox';

describe('e-mail outbox: what an attempt does with the row it finds', () => {
  const now = '2026-11-20T10:00:00.000Z';
  const lease = 120_000;

  test('a pending message is sent; a sent, unconfirmed, failed or skipped one is left alone', () => {
    expect(outboxStep({ status: 'pending', claimedAt: null }, now, lease)).toBe('send');
    for (const status of ['sent', 'unconfirmed', 'failed', 'skipped']) expect(outboxStep({ status, claimedAt: now }, now, lease)).toBe('done');
  });

  test('a live claim means another attempt is sending: wait; an old claim was abandoned mid-send: send again', () => {
    expect(outboxStep({ status: 'sending', claimedAt: '2026-11-20T09:59:00.000Z' }, now, lease)).toBe('in-progress');
    expect(outboxStep({ status: 'sending', claimedAt: '2026-11-20T09:58:00.000Z' }, now, lease)).toBe('resend');
    expect(outboxStep({ status: 'sending', claimedAt: null }, now, lease)).toBe('resend');
  });
});

describe('e-mail outbox: what a failed send means', () => {
  test('a temporary refusal with an SMTP reply code: certainly not taken, retry', () => {
    expect(sendFailure({ code: 'EENVELOPE', responseCode: 451 })).toBe('retry');
    expect(sendFailure({ code: 'EMESSAGE', responseCode: 452 })).toBe('retry');
    expect(sendFailure({ code: 'ECONNECTION', responseCode: 421 })).toBe('retry');
    expect(sendFailure({ code: 'EAUTH', responseCode: 535 })).toBe('retry'); // fix the credentials, it goes out
  });

  test('no connection or a timeout before the session began: retry', () => {
    expect(sendFailure({ code: 'ESOCKET', originalCode: 'ECONNREFUSED' })).toBe('retry');
    expect(sendFailure({ code: 'EDNS', originalCode: 'ENOTFOUND' })).toBe('retry');
    expect(sendFailure({ code: 'ETIMEDOUT', timeoutType: 'CONNECT_TIMEOUT' })).toBe('retry');
    expect(sendFailure({ code: 'ETIMEDOUT', timeoutType: 'GREETING_TIMEOUT' })).toBe('retry');
  });

  test('refused for good (recipient or message): not retried', () => {
    expect(sendFailure({ code: 'EENVELOPE', responseCode: 550 })).toBe('refused');
    expect(sendFailure({ code: 'EMESSAGE', responseCode: 554 })).toBe('refused');
    expect(sendFailure({ code: 'EENVELOPE' })).toBe('refused'); // no recipients
  });

  test('the connection broke or timed out during the exchange: unknown, so sent again under the same Message-ID', () => {
    expect(sendFailure({ code: 'ETIMEDOUT', timeoutType: 'SOCKET_TIMEOUT' })).toBe('unknown');
    expect(sendFailure({ code: 'ECONNECTION' })).toBe('unknown');
    expect(sendFailure({ code: 'ESOCKET', originalCode: 'ECONNRESET' })).toBe('unknown');
    expect(sendFailure({})).toBe('unknown');
  });
});
