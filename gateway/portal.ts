import cors from 'cors';
import { ConfigError, type Env } from '../subgraphs/kit/config.js';

export interface PortalConfig {
  /** Browser origins allowed to call the gateway (CORS); none by default. */
  origins: string[];
  /** Root fields a public client address may ask per minute. */
  fieldsPerMinute: number;
}

/** PORTAL_ORIGINS (comma-separated origins of the portal's pages) and PORTAL_RATE_LIMIT (root fields per minute per address). */
export function loadPortalConfig(env: Env = process.env): PortalConfig {
  const origins = (env.PORTAL_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin))
      throw new ConfigError(
        `PORTAL_ORIGINS must list origins like https://www.tccredit.gov.cn (scheme and host, no path), got "${origin}"`,
      );
  }
  const raw = env.PORTAL_RATE_LIMIT ?? '120';
  const fieldsPerMinute = Number(raw);
  if (!Number.isInteger(fieldsPerMinute) || fieldsPerMinute < 1)
    throw new ConfigError(`PORTAL_RATE_LIMIT must be a positive whole number of requests per minute, got "${raw}"`);
  return { origins, fieldsPerMinute };
}

/** Only the listed origins get CORS headers; everything else is answered without them, so browsers refuse it. */
export function portalCors(config: PortalConfig) {
  return cors({
    origin: config.origins,
    methods: ['GET', 'POST'],
    allowedHeaders: ['content-type', 'authorization', 'x-api-key', 'apollo-require-preflight', 'x-request-id'],
    maxAge: 600,
  });
}
