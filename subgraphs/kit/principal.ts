import { createHmac, timingSafeEqual } from 'node:crypto';

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

/** Short-lived on purpose: a captured header must not be replayable for long. */
const HEADER_TTL_MS = 60_000;

interface SignedPayload {
  p: Principal;
  rid: string;
  /** The client's operation name, for the audit trail. */
  op?: string;
  /** The caller's network address as the gateway saw it, for per-client limits. */
  cl?: string;
  exp: number;
}

function mac(body: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(body).digest();
}

export function signPrincipal(principal: Principal, requestId: string, secret: string, now = Date.now(), operation?: string, client?: string): string {
  const payload: SignedPayload = { p: principal, rid: requestId, exp: now + HEADER_TTL_MS, ...(operation ? { op: operation } : {}), ...(client ? { cl: client } : {}) };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(body, secret).toString('base64url')}`;
}

export interface VerifiedPrincipal {
  principal: Principal;
  requestId: string;
  operation: string;
  client: string;
}

/** Returns null for anything not signed with our secret, expired, or malformed. */
export function verifyPrincipal(header: string | undefined, secret: string, now = Date.now()): VerifiedPrincipal | null {
  if (!header) return null;
  const [body, signature, extra] = header.split('.');
  if (!body || !signature || extra !== undefined) return null;
  const expected = mac(body, secret);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as SignedPayload;
    if (typeof payload.exp !== 'number' || payload.exp < now) return null;
    if (!payload.p || !ROLES.includes(payload.p.role)) return null;
    return { principal: payload.p, requestId: String(payload.rid ?? ''), operation: typeof payload.op === 'string' ? payload.op : 'anonymous', client: typeof payload.cl === 'string' ? payload.cl : 'unknown' };
  } catch {
    return null;
  }
}

/** Header one service sets when it pulls another's event log; the feed answers nothing without it. */
export const SERVICE_HEADER = 'x-credit-service';

export function signService(service: string, secret: string, now = Date.now()): string {
  const body = Buffer.from(JSON.stringify({ svc: service, exp: now + HEADER_TTL_MS })).toString('base64url');
  return `${body}.${mac(`service:${body}`, secret).toString('base64url')}`;
}

export function verifyService(header: string | undefined, secret: string, now = Date.now()): string | null {
  const [body, signature, extra] = (header ?? '').split('.');
  if (!body || !signature || extra !== undefined) return null;
  const expected = mac(`service:${body}`, secret);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { svc?: unknown; exp?: unknown };
    return typeof payload.svc === 'string' && typeof payload.exp === 'number' && payload.exp >= now ? payload.svc : null;
  } catch {
    return null;
  }
}
