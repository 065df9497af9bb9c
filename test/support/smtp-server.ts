import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import nodemailer, { type Transporter } from 'nodemailer';
import { stack } from './stack-env';

export type ReceivedMail = { raw: string; parsed: ParsedMail; from: string; to: string[]; user?: string };
/** What the SMTP session said about a message (MAIL FROM, RCPT TO, the AUTH user), without its content. */
export type Envelope = Pick<ReceivedMail, 'from' | 'to' | 'user'>;

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
 * AUTH (over the plain connection: loopback only). With mailDir (the shared app's server, in the
 * global setup) each message goes to that folder instead of `messages`, for the test files in
 * other processes (sharedMailbox()); it is stored before the server answers 250.
 */
/**
 * Addresses whose mailbox the shared app's SMTP server always reports unavailable (451, try again
 * later): a file makes one (undeliverableAddress) for a school whose e-mail must keep failing.
 */
export const isUndeliverable = (address: string) => address.startsWith('onbestelbaar-');
export const undeliverableAddress = () => `onbestelbaar-${randomUUID().slice(0, 8)}@testcollege.example`;

export async function startTestSmtp(opts: { user?: string; password?: string; mailDir?: string; refuseAlways?: (address: string) => boolean } = {}): Promise<TestSmtp> {
  const messages: ReceivedMail[] = [];
  let refusals = 0;
  let stalls = 0;
  const stalled: string[][] = [];
  let refusalCode = 451;
  let stored = 0;
  const server = new SMTPServer({
    logger: false,
    authOptional: !opts.user,
    allowInsecureAuth: true,
    disabledCommands: opts.user ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    onAuth(auth, _session, callback) {
      if (auth.username === opts.user && auth.password === opts.password) return callback(null, { user: auth.username });
      callback(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, callback) {
      if (opts.refuseAlways?.(address.address)) return callback(Object.assign(new Error('Mailbox temporarily unavailable, try again later'), { responseCode: 451 }));
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
        const envelope: Envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: typeof session.user === 'string' ? session.user : undefined,
        };
        if (opts.mailDir) {
          // Not parsed here: this runs in jest's main process for the whole run's mail.
          storeMessage(opts.mailDir, ++stored, raw, envelope).then(() => callback(), (err: Error) => callback(err));
          return;
        }
        simpleParser(raw).then(
          (parsed) => {
            messages.push({ raw: raw.toString('utf8'), parsed, ...envelope });
            callback();
          },
          (err: Error) => callback(err),
        );
      });
    },
  });
  // A client that dies in the middle of a connection (a SIGKILLed worker: school-mail-crash, chaos)
  // resets it; smtp-server emits that as 'error', which without a listener ended the whole process.
  server.on('error', () => undefined);
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

/**
 * A message as two files: the raw message (`<n>.eml`), then its envelope (`<n>.json`), renamed into
 * place, so a reader that sees the envelope finds the whole message. n is the arrival order.
 */
async function storeMessage(dir: string, n: number, raw: Buffer, envelope: Envelope): Promise<void> {
  const name = String(n).padStart(7, '0');
  await fs.promises.writeFile(path.join(dir, `${name}.eml`), raw);
  await fs.promises.writeFile(path.join(dir, `${name}.json.tmp`), JSON.stringify(envelope));
  await fs.promises.rename(path.join(dir, `${name}.json.tmp`), path.join(dir, `${name}.json`));
}

export type SharedMailbox = {
  /**
   * Waits until a message whose envelope matches has arrived at the shared app's SMTP server; fails
   * with what arrived instead. Match on an address (or a Message-ID) of the file's own: every
   * integration file's mail goes there.
   */
  waitFor(pred: (m: Envelope) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** Every message so far whose envelope matches, in the order they arrived. */
  messages(pred: (m: Envelope) => boolean): Promise<ReceivedMail[]>;
};

/**
 * The mail of the shared app's SMTP server (started by the integration project's global setup,
 * stored in the run's folder): a test file reads it from its own process. Envelopes are read once
 * each; only the messages that match are read whole and parsed.
 */
export function sharedMailbox(): SharedMailbox {
  const dir = stack().sharedApp?.mailDir;
  if (!dir) throw new Error('the shared SMTP server is not running: the global setup starts it for the integration project');
  const envelopes = new Map<string, Envelope>();
  const scan = (): [string, Envelope][] => {
    for (const file of fs.readdirSync(dir).sort()) {
      if (!file.endsWith('.json') || envelopes.has(file)) continue;
      envelopes.set(file, JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Envelope);
    }
    return [...envelopes];
  };
  const read = async ([file, envelope]: [string, Envelope]): Promise<ReceivedMail> => {
    const raw = fs.readFileSync(path.join(dir, file.replace(/\.json$/, '.eml')));
    return { raw: raw.toString('utf8'), parsed: await simpleParser(raw), ...envelope };
  };
  return {
    async waitFor(pred, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const all = scan();
        const found = all.find(([, e]) => pred(e));
        if (found) return read(found);
        if (Date.now() > deadline) {
          const last = all.slice(-20).map(([, e]) => e.to);
          throw new Error(`no matching e-mail in ${timeoutMs} ms; ${all.length} messages arrived in this run, the last ones to: ${JSON.stringify(last)}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    messages: (pred) => Promise.all(scan().filter(([, e]) => pred(e)).map(read)),
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
