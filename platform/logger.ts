import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Where a secret can sit in a log line: request and response headers (bearer tokens, the codec
 * cookie), and any field called token, cookie or password. Censored whatever logs it, so a new
 * log call cannot leak one by accident; the request serializer (api/app.ts) drops them too.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  'cookie',
  'token',
  'password',
  '*.authorization',
  '*.cookie',
  '*.token',
  '*.password',
  'payloads',
  '*.payloads',
];

/** Structured JSON logs; personal data is never logged, only ids; secrets are censored (REDACTED_PATHS). */
export function createLogger(name: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ name, level, base: { service: name }, timestamp: pino.stdTimeFunctions.isoTime, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } });
}
