import { describePrincipal } from '../kit/audit.js';
import { badInput, forbidden } from '../kit/errors.js';
import type { PolicyScope } from '../kit/field-policy.js';
import { checkCreditCode } from '../kit/identifiers.js';
import { KIT_MESSAGES } from '../kit/kit-messages.js';
import { isRealDate } from '../kit/scalars.js';
import { chinaToday } from '../kit/time.js';
import type { CertificateStore } from './certificate-store.js';
import type { ForceMajeureCertificateInput } from './generated/graphql.js';
import { REPAIRS_MESSAGES as M } from './messages.js';
import type { CertificateRow } from './tables.js';
import { can, CERTIFICATE_ISSUING_UNITS, isUnit } from '../kit/access.js';

/** 不可抗力事实性证明书 (notice §8), for exporters: issued here, cited by tolerance claims in records. */
export function createCertificates(store: CertificateStore) {
  return {
    async issue(ctx: PolicyScope, input: ForceMajeureCertificateInput): Promise<CertificateRow> {
      const { principal } = ctx;
      if (
        !can(principal, 'administer') &&
        !(can(principal, 'issueCertificates') && CERTIFICATE_ISSUING_UNITS.some((unit) => isUnit(principal, unit)))
      ) {
        throw forbidden(M.REPAIRS_CERTIFICATE_ISSUERS_ONLY());
      }
      const code = checkCreditCode(input.creditCode);
      if (!code.ok) throw badInput('input.creditCode', code.reason);
      const subject = await store.subject(code.value);
      if (!subject) throw badInput('input.creditCode', M.REPAIRS_CERTIFICATE_SUBJECT_UNKNOWN());
      if (!subject.tags.includes('EXPORTER')) throw badInput('input.creditCode', M.REPAIRS_CERTIFICATE_NOT_EXPORTER());
      const contracts = input.contracts.map((c) => c.trim()).filter(Boolean);
      if (!contracts.length) throw badInput('input.contracts', M.REPAIRS_CERTIFICATE_CONTRACTS_EMPTY());
      for (const [field, value] of [
        ['periodFrom', input.periodFrom],
        ['periodTo', input.periodTo],
      ] as const)
        if (!isRealDate(value)) throw badInput(`input.${field}`, KIT_MESSAGES.DATE_INVALID({ value }));
      if (input.periodTo < input.periodFrom) throw badInput('input.periodTo', M.REPAIRS_CERTIFICATE_PERIOD_REVERSED());
      if (!input.facts.trim()) throw badInput('input.facts', M.REPAIRS_CERTIFICATE_FACTS_EMPTY());
      const row = await store.issue({
        subjectId: code.value,
        contracts,
        periodFrom: input.periodFrom,
        periodTo: input.periodTo,
        facts: input.facts.trim(),
        issuedOn: chinaToday(),
        issuedBy: describePrincipal(principal),
      });
      ctx.audit.note('REPAIR_CASE', [row.subjectId], 'MUTATION');
      return row;
    },

    /** A certificate by its number exactly as issued (the query upper-cases what a caller typed). */
    async byNumber(number: string): Promise<CertificateRow | null> {
      return (await store.byNumbers([number]))[0] ?? null;
    },
  };
}

export type Certificates = ReturnType<typeof createCertificates>;
