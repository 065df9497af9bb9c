import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import nodemailer, { type Transporter } from 'nodemailer';

export type ReceivedMail = { raw: string; parsed: ParsedMail; from: string; to: string[]; user?: string };

export type TestSmtp = {
  host: string;
  port: number;
  messages: ReceivedMail[];
  /** The next n RCPT TO commands are refused with this reply code (451: try again later). */
  refuseNext(n: number, code?: number): void;
  /** The next n messages are read but never answered (the sender hangs mid-send); their recipients. */
  stallNext(n: number): void;
  stalled: string[][];
  /** Waits until a message matches; fails with what arrived instead. */
  waitFor(pred: (m: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** A nodemailer SMTP transport to this server, as platform/mailer.ts would build it. */
  transport(): Transporter;
  close(): Promise<void>;
};

/**
 * A real SMTP server (the smtp-server library) on loopback: the e-mail tests speak the protocol
 * with it, so what they check is what a mail server receives. With user/password it requires
 * AUTH (over the plain connection: loopback only).
 */
export async function startTestSmtp(opts: { user?: string; password?: string } = {}): Promise<TestSmtp> {
  const messages: ReceivedMail[] = [];
  let refusals = 0;
  let stalls = 0;
  const stalled: string[][] = [];
  let refusalCode = 451;
  const server = new SMTPServer({
    logger: false,
    authOptional: !opts.user,
    allowInsecureAuth: true,
    disabledCommands: opts.user ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    onAuth(auth, _session, callback) {
      if (auth.username === opts.user && auth.password === opts.password) return callback(null, { user: auth.username });
      callback(new Error('Invalid username or password'));
    },
    onRcptTo(_address, _session, callback) {
      if (refusals > 0) {
        refusals--;
        const err = Object.assign(new Error('Mailbox temporarily unavailable, try again later'), { responseCode: refusalCode });
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      if (stalls > 0) {
        stalls--;
        stalled.push(session.envelope.rcptTo.map((r) => r.address));
        stream.resume(); // read it all, never answer
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            messages.push({
              raw: raw.toString('utf8'),
              parsed,
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
              user: typeof session.user === 'string' ? session.user : undefined,
            });
            callback();
          },
          (err: Error) => callback(err),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    host: '127.0.0.1',
    port,
    messages,
    stalled,
    stallNext(n) {
      stalls = n;
    },
    refuseNext(n, code = 451) {
      refusals = n;
      refusalCode = code;
    },
    async waitFor(pred, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find(pred);
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(`no matching e-mail in ${timeoutMs} ms; received: ${JSON.stringify(messages.map((m) => ({ to: m.to, subject: m.parsed.subject })))}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    transport: () =>
      nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, auth: opts.user ? { user: opts.user, pass: opts.password } : undefined }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The links in an e-mail's plain text, by their path. */
export function linksIn(mail: ReceivedMail): { answer?: string; status?: string } {
  const text = mail.parsed.text ?? '';
  return {
    answer: /https?:\/\/\S+\/school\/requests\/[A-Za-z0-9_-]+/.exec(text)?.[0],
    status: /https?:\/\/\S+\/school\/status\/[A-Za-z0-9_-]+/.exec(text)?.[0],
  };
}
