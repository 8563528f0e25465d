import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { ConfigError, type Env } from '../kit/config.js';

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
  /** First 16 hex of the SHA-256 of the public key (DER): names the key on each report. */
  keyId: string;
  warnings: string[];
}

/** An Ed25519 private key as PKCS#8 DER is this fixed prefix plus the 32-byte seed. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
/** Public on purpose, like the other development defaults: reports signed with it prove nothing. */
const DEV_SEED = 'de0e10e0de0e10e0de0e10e0de0e10e0de0e10e0de0e10e0de0e10e0de0e10e0';

function fromSeed(hex: string): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, Buffer.from(hex, 'hex')]), format: 'der', type: 'pkcs8' });
}

/**
 * The report signing key pair from REPORT_SIGNING_KEY: a PKCS#8 PEM Ed25519 private key (openssl genpkey
 * -algorithm ed25519), or its 32-byte seed as 64 hex characters. The public key is derived from it.
 */
export function loadSigningKey(env: Env): SigningKey {
  const raw = env.REPORT_SIGNING_KEY?.trim();
  const warnings: string[] = [];
  let privateKey: KeyObject;
  if (!raw) {
    if (env.NODE_ENV === 'production')
      throw new ConfigError(
        'REPORT_SIGNING_KEY is not set; it is required when NODE_ENV=production (generate one with: openssl genpkey -algorithm ed25519)',
      );
    warnings.push('REPORT_SIGNING_KEY is not set: reports are signed with the development key, which is public.');
    privateKey = fromSeed(DEV_SEED);
  } else if (/^[0-9a-fA-F]{64}$/.test(raw)) {
    privateKey = fromSeed(raw);
  } else {
    try {
      privateKey = createPrivateKey(raw.replace(/\\n/g, '\n'));
    } catch {
      throw new ConfigError(
        'REPORT_SIGNING_KEY must be an Ed25519 private key in PEM (openssl genpkey -algorithm ed25519) or its seed as 64 hex characters',
      );
    }
    if (privateKey.asymmetricKeyType !== 'ed25519')
      throw new ConfigError(`REPORT_SIGNING_KEY must be an Ed25519 key, got ${privateKey.asymmetricKeyType}`);
  }
  const publicKey = createPublicKey(privateKey);
  if (
    raw &&
    env.NODE_ENV === 'production' &&
    createPublicKey(fromSeed(DEV_SEED)).export({ format: 'pem', type: 'spki' }) === publicKey.export({ format: 'pem', type: 'spki' })
  ) {
    throw new ConfigError(
      'REPORT_SIGNING_KEY is the published development key; generate a key of your own when NODE_ENV=production (openssl genpkey -algorithm ed25519)',
    );
  }
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return {
    privateKey,
    publicKey,
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    keyId: createHash('sha256').update(der).digest('hex').slice(0, 16),
    warnings,
  };
}

/** JSON with keys sorted at every level and no spaces: the same content always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function signCanonical(canonical: string, key: SigningKey): string {
  return sign(null, Buffer.from(canonical, 'utf8'), key.privateKey).toString('base64url');
}

export function verifyCanonical(canonical: string, signature: string, publicKey: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(canonical, 'utf8'), publicKey, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

export const sha256Hex = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');
