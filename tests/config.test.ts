import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createAuthenticator, issueToken, loadAuthConfig, sha256Hex } from '../gateway/auth.js';
import { ConfigError, databaseUrlFor, loadSecrets, portFor } from '../subgraphs/kit/config.js';
import { signPrincipal, verifyPrincipal } from '../subgraphs/kit/principal.js';

describe('start-up configuration fails fast and says what to set', () => {
  it('refuses to run in production on development secrets', () => {
    expect(() => loadSecrets({ NODE_ENV: 'production' })).toThrow(
      new ConfigError('INTERNAL_SECRET is not set; it is required when NODE_ENV=production (generate one with: openssl rand -hex 32)'),
    );
    expect(() => loadAuthConfig({ NODE_ENV: 'production' })).toThrow(/API_KEYS_FILE \(or API_KEYS\) is not set/);
  });

  it('refuses the published development secrets in production even when they are set explicitly', async () => {
    const real = {
      INTERNAL_SECRET: 'r'.repeat(40),
      PSEUDONYM_KEY: 'p'.repeat(40),
      ID_ENCRYPTION_KEY: 'ab'.repeat(32),
      AUDIT_CHAIN_KEY: 'a'.repeat(40),
    };
    const published = {
      INTERNAL_SECRET: 'dev-internal-secret-change-me-0000000000',
      PSEUDONYM_KEY: 'dev-pseudonym-key-change-me-00000000000000',
      ID_ENCRYPTION_KEY: '00112233445566778899AABBCCDDEEFF00112233445566778899aabbccddeeff',
      AUDIT_CHAIN_KEY: 'dev-audit-chain-key-change-me-00000000000',
    };
    expect(loadSecrets({ NODE_ENV: 'production', ...real }).warnings).toEqual([]);
    for (const [name, value] of Object.entries(published)) {
      expect(() => loadSecrets({ NODE_ENV: 'production', ...real, [name]: value })).toThrow(
        new RegExp(`${name} is the published development default`),
      );
    }
    const keys = JSON.stringify([
      { id: 'office', sha256: sha256Hex('demo-credit-office'), role: 'CREDIT_OFFICE', unitId: 'credit-office' },
    ]);
    expect(() => loadAuthConfig({ NODE_ENV: 'production', API_KEYS: keys, JWT_SECRET: 's'.repeat(40) })).toThrow(
      /published demo key "office"/,
    );
    const ownKeys = JSON.stringify([
      { id: 'office', sha256: sha256Hex('a key of our own'), role: 'CREDIT_OFFICE', unitId: 'credit-office' },
    ]);
    expect(() =>
      loadAuthConfig({ NODE_ENV: 'production', API_KEYS: ownKeys, JWT_SECRET: 'dev-jwt-secret-change-me-000000000000000' }),
    ).toThrow(/JWT_SECRET is the published development secret/);
    const { loadSigningKey } = await import('../subgraphs/reports/signing.js');
    expect(() => loadSigningKey({ NODE_ENV: 'production', REPORT_SIGNING_KEY: 'de0e10e0'.repeat(8) })).toThrow(/published development key/);
  });

  it('warns about each development default it uses', () => {
    expect(loadSecrets({}).warnings).toHaveLength(4);
    expect(loadSecrets({}).warnings[0]).toMatch(/^INTERNAL_SECRET is not set/);
  });

  it.each([
    [{ ID_ENCRYPTION_KEY: 'abc' }, /ID_ENCRYPTION_KEY must be 64 hex characters/],
    [{ INTERNAL_SECRET: 'short' }, /INTERNAL_SECRET must be at least 32 characters/],
    [{ PSEUDONYM_KEY: 'short' }, /PSEUDONYM_KEY must be at least 32 characters/],
  ])('rejects %j', (env, message) => {
    expect(() => loadSecrets(env)).toThrow(message);
  });

  it('rejects malformed database URLs, ports and API key files by name', () => {
    expect(() => databaseUrlFor('records', { RECORDS_DATABASE_URL: 'mysql://x' })).toThrow(/RECORDS_DATABASE_URL must be a postgres/);
    expect(databaseUrlFor('records', { DATABASE_URL: 'postgres://a/b', RECORDS_DATABASE_URL: 'postgres://c/d' })).toBe('postgres://c/d');
    expect(() => portFor('gateway', 4000, { GATEWAY_PORT: 'http' })).toThrow(/GATEWAY_PORT must be a port number/);
    expect(() => loadAuthConfig({ API_KEYS: '{' })).toThrow(/API_KEYS must be JSON/);
    expect(() => loadAuthConfig({ API_KEYS: JSON.stringify([{ id: 'k', sha256: sha256Hex('k'), role: 'MEMBER_UNIT' }]) })).toThrow(
      /needs "unitId"/,
    );
  });
});

describe('credentials become principals', () => {
  const config = loadAuthConfig({
    API_KEYS: JSON.stringify([
      { id: 'tax-app', sha256: sha256Hex('tax-secret'), role: 'MEMBER_UNIT', unitId: 'tax' },
      { id: 'old-app', sha256: sha256Hex('old-secret'), role: 'MEMBER_UNIT', unitId: 'tax', revoked: true },
    ]),
  });
  const authenticate = createAuthenticator(config);

  it('maps an API key to its unit and role, and nothing to PUBLIC', async () => {
    await expect(authenticate({ apiKey: 'tax-secret' })).resolves.toEqual({ role: 'MEMBER_UNIT', unitId: 'tax' });
    await expect(authenticate({})).resolves.toEqual({ role: 'PUBLIC' });
  });

  it('refuses revoked and unknown keys instead of downgrading them', async () => {
    await expect(authenticate({ apiKey: 'old-secret' })).rejects.toMatchObject({
      message: 'API 密钥 old-app 已被吊销，请向市信用办申领新的密钥',
      extensions: { code: 'UNAUTHENTICATED', reason: 'GATEWAY_API_KEY_REVOKED', http: { status: 401 } },
    });
    await expect(authenticate({ apiKey: 'guess' })).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('accepts a signed SUBJECT token and refuses expired, foreign-audience or forged ones', async () => {
    const token = await issueToken(config, { role: 'SUBJECT', sub: '91320585016648258N' });
    await expect(authenticate({ authorization: `Bearer ${token}` })).resolves.toEqual({ role: 'SUBJECT', subjectId: '91320585016648258N' });
    const expired = await new SignJWT({ role: 'SUBJECT' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer(config.jwt.issuer)
      .setAudience(config.jwt.audience)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(config.jwt.secret!);
    await expect(authenticate({ authorization: `Bearer ${expired}` })).rejects.toMatchObject({
      message: '访问令牌已过期，请重新登录（ERR_JWT_EXPIRED）',
      extensions: { reason: 'GATEWAY_TOKEN_REJECTED' },
    });
    const foreign = await new SignJWT({ role: 'CREDIT_OFFICE' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(config.jwt.issuer)
      .setAudience('someone-else')
      .setExpirationTime('1h')
      .sign(config.jwt.secret!);
    await expect(authenticate({ authorization: `Bearer ${foreign}` })).rejects.toMatchObject({
      message: '访问令牌未通过验证（ERR_JWT_CLAIM_VALIDATION_FAILED）',
    });
    const forged = `${token.slice(0, -4)}AAAA`;
    await expect(authenticate({ authorization: `Bearer ${forged}` })).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});

describe('the principal header between gateway and subgraphs', () => {
  const secret = 'x'.repeat(40);

  const claims = (principal: any, requestId: string, extra: Record<string, unknown> = {}) => ({
    principal,
    requestId,
    audience: 'records' as const,
    issuer: 'gateway' as const,
    ...extra,
  });

  it('round-trips when signed with the internal secret for its audience', () => {
    const header = signPrincipal(claims({ role: 'MEMBER_UNIT', unitId: 'health' }, 'req-1'), secret);
    expect(verifyPrincipal(header, secret, 'records')).toEqual({
      principal: { role: 'MEMBER_UNIT', unitId: 'health' },
      requestId: 'req-1',
      operation: 'anonymous',
      client: 'unknown',
      locale: 'zh-CN',
      issuer: 'gateway',
      nonce: expect.stringMatching(/^[\w-]{22}$/),
      expiresAt: expect.any(Number),
    });
    expect(
      verifyPrincipal(signPrincipal(claims({ role: 'PUBLIC' }, 'req-2', { operation: 'CreditFile' }), secret), secret, 'records')
        ?.operation,
    ).toBe('CreditFile');
  });

  it('is refused when tampered with, signed with another secret, stale, or for another audience', () => {
    const header = signPrincipal(claims({ role: 'PUBLIC' }, 'req-1'), secret);
    const [body, signature] = header.split('.');
    const elevated = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), p: { role: 'CREDIT_OFFICE' } }),
    ).toString('base64url');
    expect(verifyPrincipal(`${elevated}.${signature}`, secret, 'records')).toBeNull();
    expect(verifyPrincipal(header, 'y'.repeat(40), 'records')).toBeNull();
    expect(verifyPrincipal(header, secret, 'records', Date.now() + 61_000)).toBeNull();
    expect(verifyPrincipal(undefined, secret, 'records')).toBeNull();
    for (const other of ['subjects', 'repairs', 'incentives', 'reports', 'gateway'] as const)
      expect(verifyPrincipal(header, secret, other)).toBeNull();
    // Re-labelling the audience inside the body breaks the signature too.
    const moved = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), aud: 'gateway' })).toString(
      'base64url',
    );
    expect(verifyPrincipal(`${moved}.${signature}`, secret, 'gateway')).toBeNull();
  });
});

describe('API key file', () => {
  it('takes a revocation written to API_KEYS_FILE without a restart', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'keys-')), 'api-keys.json');
    const entry = { id: 'health-app', sha256: sha256Hex('health-secret'), role: 'MEMBER_UNIT', unitId: 'health' };
    writeFileSync(file, JSON.stringify([entry]));
    const authenticate = createAuthenticator(loadAuthConfig({ API_KEYS_FILE: file }));
    await expect(authenticate({ apiKey: 'health-secret' })).resolves.toEqual({ role: 'MEMBER_UNIT', unitId: 'health' });
    writeFileSync(file, JSON.stringify([{ ...entry, revoked: true }]));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await expect(authenticate({ apiKey: 'health-secret' })).rejects.toMatchObject({
      message: 'API 密钥 health-app 已被吊销，请向市信用办申领新的密钥',
    });
  });

  it('refuses a missing key file at start-up, saying how to create one', () => {
    expect(() => loadAuthConfig({ API_KEYS_FILE: '/nonexistent/keys.json' })).toThrow(
      /does not exist \(create it with: npm run apikey -- issue/,
    );
  });
});

describe('bearer tokens verified against a JWKS URL', () => {
  it('accepts a token signed by a key the identity provider publishes, and refuses another key', async () => {
    const { createServer } = await import('node:http');
    const { exportJWK, generateKeyPair } = await import('jose');
    const trusted = await generateKeyPair('RS256');
    const stranger = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(trusted.publicKey)), kid: 'portal-1', alg: 'RS256', use: 'sig' };
    const server = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const config = loadAuthConfig({ JWT_JWKS_URL: `http://127.0.0.1:${port}/jwks.json`, API_KEYS: '[]' });
      const authenticate = createAuthenticator(config);
      const sign = (key: Awaited<ReturnType<typeof generateKeyPair>>['privateKey']) =>
        new SignJWT({ role: 'SUBJECT' })
          .setProtectedHeader({ alg: 'RS256', kid: 'portal-1' })
          .setSubject('91320585016648258N')
          .setIssuer(config.jwt.issuer)
          .setAudience(config.jwt.audience)
          .setExpirationTime('5m')
          .sign(key);
      await expect(authenticate({ authorization: `Bearer ${await sign(trusted.privateKey)}` })).resolves.toEqual({
        role: 'SUBJECT',
        subjectId: '91320585016648258N',
      });
      await expect(authenticate({ authorization: `Bearer ${await sign(stranger.privateKey)}` })).rejects.toMatchObject({
        extensions: { code: 'UNAUTHENTICATED' },
      });
    } finally {
      server.close();
    }
  });
});
