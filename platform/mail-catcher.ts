import fs from 'node:fs';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type MailMessage from 'nodemailer/lib/mailer/mail-message';
import type { Logger } from './logger';

/**
 * The development mail catcher: a nodemailer transport that writes each message into `dir` as
 * `<time>-<subject>.eml` (the whole message: open it in a mail client) and `.html` (open it in a
 * browser, links included), so the whole loop can be tried by hand without an SMTP server.
 */
export function createMailCatcher(dir: string, log?: Logger): Transporter {
  fs.mkdirSync(dir, { recursive: true });
  const transport = nodemailer.createTransport({
    name: 'verzuimregie-mail-catcher',
    version: '1',
    send(mail: MailMessage, callback: (err: Error | null, info?: unknown) => void) {
      mail.message.build((err, message) => {
        if (err) return callback(err);
        const subject = String(mail.data.subject ?? 'bericht').normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
        const base = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${subject}`);
        try {
          fs.writeFileSync(`${base}.eml`, message);
          if (typeof mail.data.html === 'string') fs.writeFileSync(`${base}.html`, mail.data.html);
        } catch (writeErr) {
          return callback(writeErr as Error);
        }
        log?.info({ file: `${base}.eml` }, 'e-mail written to the development mail folder');
        callback(null, { envelope: mail.message.getEnvelope(), messageId: mail.message.messageId(), response: `250 written to ${base}.eml` });
      });
    },
  });
  return transport as Transporter;
}
