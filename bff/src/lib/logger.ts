import { pino, type Logger } from 'pino';
import type { Config } from '../config';

export type { Logger };

/** JSON logs on stdout; secrets and tokens never reach them. */
export function createLogger(level: Config['logLevel']): Logger {
  return pino({
    level,
    base: { service: 'bianmin-bff' },
    redact: {
      paths: ['req.headers.authorization', 'password', '*.password', 'token', '*.token', 'sessionKey', '*.sessionKey'],
      censor: '[redacted]',
    },
  });
}
