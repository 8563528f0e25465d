import pino from 'pino';

/** JSON logs; ID numbers and principals' secrets are never passed to it. */
export const log = pino({
  level: process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'),
  base: undefined,
  redact: ['idNumber', '*.idNumber', 'headers.authorization', 'headers["x-api-key"]'],
});
