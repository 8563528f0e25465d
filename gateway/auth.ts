import { createHash } from 'node:crypto';
import { sameBytes } from '../subgraphs/kit/constant-time.js';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import { ConfigError, type Env } from '../subgraphs/kit/config.js';
import { unauthenticated } from '../subgraphs/kit/errors.js';
import { log } from '../subgraphs/kit/log.js';
import { GATEWAY_MESSAGES as M } from './messages.js';
import { PUBLIC_PRINCIPAL, ROLES, type Principal, type Role } from '../subgraphs/kit/principal.js';

/** An API key of a member-unit app: only its SHA-256 is configured, bound to one unit and role. */
export interface ApiKeyEntry {
  id: string;
  sha256: string;
  role: Role;
  unitId?: string;
  subjectId?: string;
  createdAt?: string;
  revoked?: boolean;
  revokedAt?: string;
}

export interface AuthConfig {
  /** The API keys in force now: re-read from API_KEYS_FILE when it changes, so a revocation needs no restart. */
  apiKeys(): ApiKeyEntry[];
  jwt: { secret?: Uint8Array; jwksUrl?: string; issuer: string; audience: string; maxLifetimeSeconds: number };
  warnings: string[];
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Development credentials, one per role; printed at start and listed in the README. */
export const DEMO_API_KEYS: Record<string, { role: Role; unitId?: string }> = {
  'demo-credit-office': { role: 'CREDIT_OFFICE', unitId: 'credit-office' },
  'demo-market-regulation': { role: 'MEMBER_UNIT', unitId: 'market-regulation' },
  'demo-health': { role: 'MEMBER_UNIT', unitId: 'health' },
  'demo-tax': { role: 'MEMBER_UNIT', unitId: 'tax' },
  'demo-bank': { role: 'FINANCIAL_INSTITUTION', unitId: 'bank-taicang-rural' },
  'demo-analyst': { role: 'ANALYST', unitId: 'credit-office' },
};

const DEV_JWT_SECRET = 'dev-jwt-secret-change-me-000000000000000';

export function parseApiKeys(text: string, source: string): ApiKeyEntry[] {
  let entries: unknown;
  try {
    entries = JSON.parse(text);
  } catch {
    throw new ConfigError(`${source} must be JSON: an array of {"id","sha256","role","unitId"?,"revoked"?}`);
  }
  if (!Array.isArray(entries)) throw new ConfigError(`${source} must be a JSON array of API key entries`);
  return entries.map((entry: ApiKeyEntry, i) => {
    if (!entry?.id || !/^[0-9a-f]{64}$/.test(entry.sha256 ?? ''))
      throw new ConfigError(`${source}[${i}] needs "id" and "sha256" (64 lower-case hex characters: the SHA-256 of the key)`);
    if (!ROLES.includes(entry.role)) throw new ConfigError(`${source}[${i}].role must be one of ${ROLES.join(', ')}`);
    if (['MEMBER_UNIT', 'FINANCIAL_INSTITUTION'].includes(entry.role) && !entry.unitId)
      throw new ConfigError(`${source}[${i}] has role ${entry.role} and needs "unitId"`);
    if (entry.role === 'SUBJECT' && !entry.subjectId) throw new ConfigError(`${source}[${i}] has role SUBJECT and needs "subjectId"`);
    if (entries.findIndex((other: ApiKeyEntry) => other?.id === entry.id) !== i)
      throw new ConfigError(`${source}[${i}]: id "${entry.id}" is used twice`);
    return entry;
  });
}

/** Reads the key file again when its modification time changes (checked at most once a second). */
function watchedKeyFile(path: string): () => ApiKeyEntry[] {
  let keys = parseApiKeys(readFileSync(path, 'utf8'), 'API_KEYS_FILE');
  let mtime = statSync(path).mtimeMs;
  let checkedAt = Date.now();
  return () => {
    if (Date.now() - checkedAt < 1000) return keys;
    checkedAt = Date.now();
    try {
      const current = statSync(path).mtimeMs;
      if (current !== mtime) {
        keys = parseApiKeys(readFileSync(path, 'utf8'), 'API_KEYS_FILE');
        mtime = current;
        log.info({ keys: keys.length }, 'API keys reloaded');
      }
    } catch (error) {
      // A broken edit keeps the last good keys rather than locking every unit out.
      log.error({ err: error }, 'API_KEYS_FILE could not be reloaded; keeping the previous keys');
    }
    return keys;
  };
}

/** The demo keys are printed in the README: in production a key list holding one is refused at start. */
function refuseDemoKeys(entries: ApiKeyEntry[], source: string): void {
  const published = new Set(Object.keys(DEMO_API_KEYS).map(sha256Hex));
  const demo = entries.find((entry) => !entry.revoked && published.has(entry.sha256));
  if (demo)
    throw new ConfigError(
      `${source} holds the published demo key "${demo.id}"; revoke it (npm run apikey -- revoke --id ${demo.id}) before NODE_ENV=production`,
    );
}

export function loadAuthConfig(env: Env = process.env): AuthConfig {
  const warnings: string[] = [];
  const production = env.NODE_ENV === 'production';
  let apiKeys: () => ApiKeyEntry[];
  if (env.API_KEYS_FILE) {
    if (!existsSync(env.API_KEYS_FILE))
      throw new ConfigError(`API_KEYS_FILE ${env.API_KEYS_FILE} does not exist (create it with: npm run apikey -- issue ...)`);
    apiKeys = watchedKeyFile(env.API_KEYS_FILE);
    if (production) refuseDemoKeys(apiKeys(), 'API_KEYS_FILE');
  } else if (env.API_KEYS) {
    const fixed = parseApiKeys(env.API_KEYS, 'API_KEYS');
    if (production) refuseDemoKeys(fixed, 'API_KEYS');
    apiKeys = () => fixed;
  } else if (production) throw new ConfigError('API_KEYS_FILE (or API_KEYS) is not set; it is required when NODE_ENV=production');
  else {
    warnings.push('API_KEYS_FILE is not set: the demo API keys are active. Configure real keys before holding real data.');
    const demo = Object.entries(DEMO_API_KEYS).map(([key, binding]) => ({ id: key, sha256: sha256Hex(key), ...binding }));
    apiKeys = () => demo;
  }
  const issuer = env.JWT_ISSUER || 'xinyong-taicang';
  const audience = env.JWT_AUDIENCE || 'xinyong-taicang-gateway';
  const rawLifetime = env.JWT_MAX_LIFETIME_HOURS || '720';
  const lifetimeHours = Number(rawLifetime);
  if (!Number.isInteger(lifetimeHours) || lifetimeHours < 1)
    throw new ConfigError(`JWT_MAX_LIFETIME_HOURS must be a positive whole number of hours, got "${rawLifetime}"`);
  const maxLifetimeSeconds = lifetimeHours * 3600;
  if (env.JWT_JWKS_URL) return { apiKeys, jwt: { jwksUrl: env.JWT_JWKS_URL, issuer, audience, maxLifetimeSeconds }, warnings };
  if (!env.JWT_SECRET && production) throw new ConfigError('JWT_SECRET or JWT_JWKS_URL must be set when NODE_ENV=production');
  if (production && env.JWT_SECRET === DEV_JWT_SECRET)
    throw new ConfigError(
      'JWT_SECRET is the published development secret; set a secret of your own when NODE_ENV=production (openssl rand -hex 32)',
    );
  if (!env.JWT_SECRET) warnings.push('JWT_SECRET is not set: using the development default, which is public.');
  const secret = env.JWT_SECRET || DEV_JWT_SECRET;
  if (secret.length < 32) throw new ConfigError('JWT_SECRET must be at least 32 characters');
  return { apiKeys, jwt: { secret: new TextEncoder().encode(secret), issuer, audience, maxLifetimeSeconds }, warnings };
}

export type Authenticate = (headers: { apiKey?: string; authorization?: string }) => Promise<Principal>;

/** Credentials → principal. None = PUBLIC; bad, expired or revoked ones are refused, never downgraded. */
export function createAuthenticator(config: AuthConfig): Authenticate {
  const jwks: JWTVerifyGetKey | undefined = config.jwt.jwksUrl ? createRemoteJWKSet(new URL(config.jwt.jwksUrl)) : undefined;

  async function fromToken(token: string): Promise<Principal> {
    // exp is required, and a token may not live longer than the configured lifetime (from iat, or from now).
    const options = {
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      algorithms: jwks ? undefined : ['HS256'],
      requiredClaims: ['exp'],
    };
    let payload;
    try {
      payload = (jwks ? await jwtVerify(token, jwks, options) : await jwtVerify(token, config.jwt.secret!, options)).payload;
    } catch (error) {
      throw unauthenticated(M.GATEWAY_TOKEN_REJECTED({ cause: (error as { code?: string }).code ?? 'invalid token' }));
    }
    const from = typeof payload.iat === 'number' ? payload.iat : Math.floor(Date.now() / 1000);
    if (typeof payload.exp === 'number' && payload.exp - from > config.jwt.maxLifetimeSeconds) {
      throw unauthenticated(M.GATEWAY_TOKEN_TOO_LONG_LIVED({ hours: config.jwt.maxLifetimeSeconds / 3600 }));
    }
    const role = payload.role as Role;
    if (!ROLES.includes(role) || role === 'PUBLIC') throw unauthenticated(M.GATEWAY_TOKEN_NO_ROLE());
    const unit = payload.unit;
    if (unit !== undefined && (typeof unit !== 'string' || !unit)) throw unauthenticated(M.GATEWAY_TOKEN_UNIT_INVALID());
    if (role === 'SUBJECT') {
      // A subject acts for itself only: a unit claim would be written to the audit trail as that unit.
      if (!payload.sub) throw unauthenticated(M.GATEWAY_SUBJECT_TOKEN_NO_SUB());
      if (unit !== undefined) throw unauthenticated(M.GATEWAY_SUBJECT_TOKEN_WITH_UNIT());
      return { role, subjectId: payload.sub };
    }
    if ((role === 'MEMBER_UNIT' || role === 'FINANCIAL_INSTITUTION') && !unit) throw unauthenticated(M.GATEWAY_TOKEN_NEEDS_UNIT({ role }));
    return { role, ...(unit ? { unitId: unit as string } : {}) };
  }

  return async ({ apiKey, authorization }) => {
    // One credential per request: with two, which one acts would be a guess (and a bad one could hide).
    if (apiKey !== undefined && authorization !== undefined) throw unauthenticated(M.GATEWAY_TWO_CREDENTIALS());
    if (apiKey !== undefined) {
      const digest = createHash('sha256').update(apiKey).digest();
      const entry = config.apiKeys().find((candidate) => sameBytes(digest, Buffer.from(candidate.sha256, 'hex')));
      if (!entry) throw unauthenticated(M.GATEWAY_API_KEY_UNKNOWN());
      if (entry.revoked) throw unauthenticated(M.GATEWAY_API_KEY_REVOKED({ id: entry.id }));
      return {
        role: entry.role,
        ...(entry.unitId ? { unitId: entry.unitId } : {}),
        ...(entry.subjectId ? { subjectId: entry.subjectId } : {}),
      };
    }
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
      if (!match) throw unauthenticated(M.GATEWAY_AUTHORIZATION_NOT_BEARER());
      return fromToken(match[1]!);
    }
    return PUBLIC_PRINCIPAL;
  };
}

/** Signs a token with the configured HS256 secret: demo tokens for portal users and tests. */
export function issueToken(config: AuthConfig, claims: { role: Role; sub?: string; unit?: string }, expiresIn = '30d'): Promise<string> {
  if (!config.jwt.secret) throw new Error('tokens can only be issued with JWT_SECRET (not with a JWKS URL)');
  return new SignJWT({ role: claims.role, ...(claims.unit ? { unit: claims.unit } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub ?? claims.unit ?? claims.role)
    .setIssuer(config.jwt.issuer)
    .setAudience(config.jwt.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(config.jwt.secret);
}
