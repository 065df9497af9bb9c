import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from './config';
import type { Logger } from './logger';
import { createMailCatcher } from './mail-catcher';

export type MailConfig = Pick<Config, 'NODE_ENV' | 'SMTP_HOST' | 'SMTP_PORT' | 'SMTP_USER' | 'SMTP_PASSWORD' | 'DEV_MAIL_DIR'>;

/**
 * How e-mail leaves the worker: SMTP when SMTP_HOST is set; otherwise the development catcher
 * (files in DEV_MAIL_DIR), or nothing at all in tests (the config refuses this in production).
 */
export function createMailer(config: MailConfig, log?: Logger): Transporter {
  if (config.SMTP_HOST) {
    return nodemailer.createTransport({
      host: config.SMTP_HOST,
      port: config.SMTP_PORT,
      // 465 is SMTP over TLS; on other ports nodemailer upgrades with STARTTLS when the server offers it.
      secure: config.SMTP_PORT === 465,
      auth: config.SMTP_USER ? { user: config.SMTP_USER, pass: config.SMTP_PASSWORD } : undefined,
      // A send must end well within the activity's timeout and the outbox's claim lease.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
  }
  if (config.NODE_ENV === 'test') return nodemailer.createTransport({ jsonTransport: true });
  const dir = path.resolve(config.DEV_MAIL_DIR);
  log?.info({ dir }, 'no SMTP_HOST: e-mails are written to the development mail folder');
  return createMailCatcher(dir, log);
}
