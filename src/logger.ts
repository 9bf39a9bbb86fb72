import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';

/** The operator log: JSON lines, object first. CLI commands log to stderr so stdout stays theirs. */
export function createLogger(
  config: Pick<Config, 'logLevel'>,
  destination: 'stdout' | 'stderr' = 'stdout',
): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { service: 'contact-sync' },
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'],
    },
    pino.destination(destination === 'stdout' ? 1 : 2),
  );
}
