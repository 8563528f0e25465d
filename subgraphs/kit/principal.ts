import { createHmac, randomBytes } from 'node:crypto';
import { sameBytes } from './constant-time.js';
import { DEFAULT_LOCALE, type Locale } from './messages.js';
import type { ReplayGuard } from './replay.js';

/** Roles of DESIGN §4. */
export const ROLES = ['PUBLIC', 'SUBJECT', 'MEMBER_UNIT', 'FINANCIAL_INSTITUTION', 'ANALYST', 'CREDIT_OFFICE'] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking: a role plus the member unit or the subject it acts for. */
export interface Principal {
  role: Role;
  unitId?: string;
  subjectId?: string;
}

export const PUBLIC_PRINCIPAL: Principal = Object.freeze({ role: 'PUBLIC' });

/** Header the gateway sets on every subgraph request; subgraphs trust nothing without it. */
export const PRINCIPAL_HEADER = 'x-credit-principal';
export const REQUEST_ID_HEADER = 'x-request-id';
/** A service asking the gateway on a reader's behalf (reports): the reader's principal, signed like PRINCIPAL_HEADER. */
export const DELEGATION_HEADER = 'x-credit-delegation';

/**
 * Who a signed principal is for: one subgraph, or the gateway itself (delegation, which only the reports
 * service asks for). A header captured on its way to one service is refused by every other.
 */
export type Audience = string;

/** Short-lived on purpose: a captured header must not be replayable for long. */
const HEADER_TTL_MS = 60_000;

interface SignedPayload {
  p: Principal;
  rid: string;
  aud: Audience;
  /** The service that signed it: the gateway for subgraph requests, reports for delegation. */
  iss: string;
  /** The client's operation name, for the audit trail. */
  op?: string;
  /** The caller's network address as the gateway saw it, for per-client limits. */
  cl?: string;
  /** The caller's language when not Chinese. */
  lg?: string;
  /** Single use: the receiving service accepts this nonce once (kit/replay.ts). */
  n: string;
  exp: number;
}

// The purpose and the audience are inside the MAC, so neither a service header nor another audience's header verifies here.
function mac(purpose: string, audience: string, body: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(`${purpose}:${audience}:${body}`).digest();
}

export interface PrincipalClaims {
  principal: Principal;
  requestId: string;
  audience: Audience;
  issuer: string;
  operation?: string;
  client?: string;
  /** The language the caller reads, for the texts of refusals (kit/messages.ts). */
  locale?: Locale;
}

export function signPrincipal(claims: PrincipalClaims, secret: string, now = Date.now()): string {
  const { principal, requestId, audience, issuer, operation, client, locale } = claims;
  const payload: SignedPayload = {
    p: principal,
    rid: requestId,
    aud: audience,
    iss: issuer,
    n: randomBytes(16).toString('base64url'),
    exp: now + HEADER_TTL_MS,
    ...(operation ? { op: operation } : {}),
    ...(client ? { cl: client } : {}),
    ...(locale && locale !== DEFAULT_LOCALE ? { lg: locale } : {}),
  };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac('principal', audience, body, secret).toString('base64url')}`;
}

export interface VerifiedPrincipal {
  principal: Principal;
  requestId: string;
  operation: string;
  client: string;
  locale: Locale;
  issuer: string;
  /** For the replay check: the header's nonce and when it expires. */
  nonce: string;
  expiresAt: number;
}

function verifiedBody(header: string | undefined, purpose: string, audience: string, secret: string): unknown {
  if (!header) return null;
  const [body, signature, extra] = header.split('.');
  if (!body || !signature || extra !== undefined) return null;
  const expected = mac(purpose, audience, body, secret);
  const given = Buffer.from(signature, 'base64url');
  if (!sameBytes(given, expected)) return null;
  try {
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

/** Returns null for anything not signed with our secret for this audience, expired, or malformed. */
export function verifyPrincipal(
  header: string | undefined,
  secret: string,
  audience: Audience,
  now = Date.now(),
): VerifiedPrincipal | null {
  const payload = verifiedBody(header, 'principal', audience, secret) as Partial<SignedPayload> | null;
  if (
    !payload ||
    payload.aud !== audience ||
    typeof payload.exp !== 'number' ||
    payload.exp < now ||
    typeof payload.n !== 'string' ||
    !payload.n
  )
    return null;
  if (!payload.p || !ROLES.includes(payload.p.role)) return null;
  return {
    principal: payload.p,
    requestId: String(payload.rid ?? ''),
    operation: typeof payload.op === 'string' ? payload.op : 'anonymous',
    client: typeof payload.cl === 'string' ? payload.cl : 'unknown',
    locale: payload.lg === 'en' ? 'en' : DEFAULT_LOCALE,
    issuer: String(payload.iss ?? ''),
    nonce: payload.n,
    expiresAt: payload.exp,
  };
}

/** A verified header that has not been used before at this audience, or null (kit/replay.ts). */
export async function acceptPrincipal(
  header: string | undefined,
  secret: string,
  audience: Audience,
  replays: ReplayGuard,
): Promise<VerifiedPrincipal | null> {
  const verified = verifyPrincipal(header, secret, audience);
  if (!verified) return null;
  return (await replays.firstUse(`${audience}:${verified.nonce}`, verified.expiresAt)) ? verified : null;
}

/** Header one service sets when it pulls another's event log; the feed answers nothing without it. */
export const SERVICE_HEADER = 'x-credit-service';

/** Signed for the producer whose feed is read, so it is worth nothing at any other feed. */
export function signService(service: string, producer: string, secret: string, now = Date.now()): string {
  const body = Buffer.from(JSON.stringify({ svc: service, aud: producer, exp: now + HEADER_TTL_MS })).toString('base64url');
  return `${body}.${mac('service', producer, body, secret).toString('base64url')}`;
}

export function verifyService(header: string | undefined, producer: string, secret: string, now = Date.now()): string | null {
  const payload = verifiedBody(header, 'service', producer, secret) as { svc?: unknown; aud?: unknown; exp?: unknown } | null;
  return payload && typeof payload.svc === 'string' && payload.aud === producer && typeof payload.exp === 'number' && payload.exp >= now
    ? payload.svc
    : null;
}
