import { defaultFieldResolver, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { AuditCollector, DataClass } from './audit.js';
import { refusedField, type Refusal } from './errors.js';
import type { Principal } from './principal.js';
import { can, type Capability } from './access.js';

/** What a caller gets of one sensitive field: the value, its masked form, or null with FORBIDDEN. */
export type Access = 'full' | 'masked' | 'deny';

export interface PolicyScope {
  principal: Principal;
  audit: AuditCollector;
  /** The request, for log lines (RequestScope.requestId). */
  requestId?: string;
}

export interface RestrictedField<Ctx extends PolicyScope = PolicyScope> {
  /** Said to a caller who is refused. */
  reason: Refusal;
  access(ctx: Ctx, parent: any): Access | Promise<Access>;
  mask?(value: any): unknown;
  /** Reads of the full value leave an audit entry of this class, naming the subject. */
  audit?: { dataClass: DataClass; subjectOf(parent: any): string | null | undefined };
}

/** Per type: fields anyone who can see the row may read, and the restricted ones with their rule. */
export interface TypePolicy<Ctx extends PolicyScope = PolicyScope> {
  public: readonly string[];
  restricted?: Record<string, RestrictedField<Ctx>>;
}

/** One subgraph's field policy: every field of every type it serves appears here, once. */
export type FieldPolicy<Ctx extends PolicyScope = PolicyScope> = Record<string, TypePolicy<Ctx>>;

/** A field open to the roles that hold a capability of the access vocabulary (kit/access.ts), refused to the rest. */
export function allowedTo<Ctx extends PolicyScope = PolicyScope>(capability: Capability, reason: Refusal): RestrictedField<Ctx> {
  return { reason, access: (ctx) => (can(ctx.principal, capability) ? 'full' : 'deny') };
}

const isFederationInternal = (type: string, field?: string): boolean =>
  type.startsWith('_') || (type === 'Query' && (field === '_entities' || field === '_service'));

/** Fields of the schema without a policy entry: the authorization matrix test requires none. */
export function uncoveredFields(schema: GraphQLSchema, policy: FieldPolicy<any>): string[] {
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || isFederationInternal(type.name)) continue;
    const entry = policy[type.name];
    for (const field of Object.keys(type.getFields())) {
      if (isFederationInternal(type.name, field)) continue;
      if (!entry?.public.includes(field) && !entry?.restricted?.[field]) missing.push(`${type.name}.${field}`);
    }
  }
  return missing;
}

/** Wraps each restricted field's resolver with its rule; a typo in the table fails at start-up. */
export function applyFieldPolicy(schema: GraphQLSchema, policy: FieldPolicy<any>): void {
  for (const [typeName, typePolicy] of Object.entries(policy)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`field policy names unknown type ${typeName}`);
    const fields = type.getFields();
    for (const name of typePolicy.public) if (!fields[name]) throw new Error(`field policy names unknown field ${typeName}.${name}`);
    for (const [name, rule] of Object.entries(typePolicy.restricted ?? {})) {
      const field = fields[name];
      if (!field) throw new Error(`field policy names unknown field ${typeName}.${name}`);
      const resolve: GraphQLFieldResolver<unknown, PolicyScope> = field.resolve ?? defaultFieldResolver;
      field.resolve = async (parent, args, ctx, info) => {
        const access = await rule.access(ctx, parent);
        if (access === 'deny') throw refusedField(`${typeName}.${name}`, rule.reason);
        const value = await resolve(parent, args, ctx, info);
        if (value == null) return value;
        if (access === 'masked') return rule.mask ? rule.mask(value) : null;
        const subjectId = rule.audit?.subjectOf(parent);
        if (rule.audit && subjectId) ctx.audit.note(rule.audit.dataClass, [subjectId]);
        return value;
      };
    }
  }
}
