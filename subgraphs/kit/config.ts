/** Start-up configuration shared by every service: fail fast, and say what to set. */

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export type Env = Record<string, string | undefined>;

export interface Secrets {
  /** Signs the principal header between gateway and subgraphs. */
  internalSecret: string;
  /** Keys the pseudonym that is a natural person's Subject.id; changing it changes every person's id. */
  pseudonymKey: Buffer;
  /** AES-256-GCM key for stored ID numbers. */
  idEncryptionKey: Buffer;
  /** HMAC key of the audit trails' hash chains; without it nobody can rewrite a trail consistently. */
  auditChainKey: string;
  /** Development defaults in use, to be printed as warnings at start. */
  warnings: string[];
}

const DEV_DEFAULTS = {
  INTERNAL_SECRET: 'dev-internal-secret-change-me-0000000000',
  PSEUDONYM_KEY: 'dev-pseudonym-key-change-me-00000000000000',
  ID_ENCRYPTION_KEY: '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff',
  AUDIT_CHAIN_KEY: 'dev-audit-chain-key-change-me-00000000000',
} as const;

function secretValue(env: Env, name: keyof typeof DEV_DEFAULTS, warnings: string[]): string {
  const value = env[name];
  // The development defaults are published in this repository: set explicitly in production they are no secret.
  if (value && env.NODE_ENV === 'production' && value.toLowerCase() === DEV_DEFAULTS[name].toLowerCase()) {
    throw new ConfigError(
      `${name} is the published development default; set a secret of your own when NODE_ENV=production (openssl rand -hex 32)`,
    );
  }
  if (value) return value;
  if (env.NODE_ENV === 'production')
    throw new ConfigError(`${name} is not set; it is required when NODE_ENV=production (generate one with: openssl rand -hex 32)`);
  warnings.push(`${name} is not set: using the development default, which is public. Set ${name} before holding real data.`);
  return DEV_DEFAULTS[name];
}

export function loadSecrets(env: Env = process.env): Secrets {
  const warnings: string[] = [];
  const internalSecret = secretValue(env, 'INTERNAL_SECRET', warnings);
  if (internalSecret.length < 32)
    throw new ConfigError('INTERNAL_SECRET must be at least 32 characters (generate one with: openssl rand -hex 32)');
  const pseudonymKey = secretValue(env, 'PSEUDONYM_KEY', warnings);
  if (pseudonymKey.length < 32)
    throw new ConfigError('PSEUDONYM_KEY must be at least 32 characters (generate one with: openssl rand -hex 32)');
  const encryptionKey = secretValue(env, 'ID_ENCRYPTION_KEY', warnings);
  if (!/^[0-9a-fA-F]{64}$/.test(encryptionKey))
    throw new ConfigError('ID_ENCRYPTION_KEY must be 64 hex characters, i.e. 32 bytes (generate one with: openssl rand -hex 32)');
  const auditChainKey = secretValue(env, 'AUDIT_CHAIN_KEY', warnings);
  if (auditChainKey.length < 32)
    throw new ConfigError('AUDIT_CHAIN_KEY must be at least 32 characters (generate one with: openssl rand -hex 32)');
  return {
    internalSecret,
    pseudonymKey: Buffer.from(pseudonymKey, 'utf8'),
    idEncryptionKey: Buffer.from(encryptionKey, 'hex'),
    auditChainKey,
    warnings,
  };
}

/** `<SERVICE>_PORT`, else the port the service's registry line gives it. */
export function portFor(service: string, defaultPort: number, env: Env = process.env): number {
  const name = `${service.toUpperCase()}_PORT`;
  const raw = env[name];
  if (raw === undefined || raw === '') return defaultPort;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`${name} must be a port number 0-65535, got "${raw}"`);
  return port;
}

export function hostFrom(env: Env = process.env): string {
  return env.HOST || '127.0.0.1';
}

/** A subgraph's own URL wins over the shared one, so each can live in its own database with its own role. */
export function databaseUrlFor(service: string, env: Env = process.env): string | undefined {
  const own = `${service.toUpperCase()}_DATABASE_URL`;
  const url = env[own] || env.DATABASE_URL || undefined;
  if (url && !/^postgres(ql)?:\/\//.test(url)) {
    throw new ConfigError(`${env[own] ? own : 'DATABASE_URL'} must be a postgres:// or postgresql:// URL`);
  }
  return url;
}

/** Runs a process's main; a configuration error ends it with the message alone (what to set), exit code 2. */
export async function runMain(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Configuration error: ${error.message}`);
    process.exit(2);
  }
}
