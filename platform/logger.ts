import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs; personal data is never logged, only ids. */
export function createLogger(name: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ name, level, base: { service: name }, timestamp: pino.stdTimeFunctions.isoTime });
}
