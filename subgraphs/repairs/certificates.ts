import { describePrincipal } from '../kit/audit.js';
import { badInput, forbidden } from '../kit/errors.js';
import type { PolicyScope } from '../kit/field-policy.js';
import { checkCreditCode } from '../kit/identifiers.js';
import { isRealDate } from '../kit/scalars.js';
import { chinaToday } from '../kit/time.js';
import type { CertificateStore } from './certificate-store.js';
import type { ForceMajeureCertificateInput } from './generated/graphql.js';
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
        throw forbidden('force-majeure certificates are issued by the credit office and the commerce bureau');
      }
      const code = checkCreditCode(input.creditCode);
      if (!code.ok) throw badInput('input.creditCode', code.reason);
      const subject = await store.subject(code.value);
      if (!subject) throw badInput('input.creditCode', 'names no organisation on the platform');
      if (!subject.tags.includes('EXPORTER'))
        throw badInput('input.creditCode', 'certificates go to exporters (the credit file has no EXPORTER tag)');
      const contracts = input.contracts.map((c) => c.trim()).filter(Boolean);
      if (!contracts.length) throw badInput('input.contracts', 'name at least one contract the force majeure affected');
      for (const [field, value] of [
        ['periodFrom', input.periodFrom],
        ['periodTo', input.periodTo],
      ] as const)
        if (!isRealDate(value)) throw badInput(`input.${field}`, `${value} is not a real date`);
      if (input.periodTo < input.periodFrom) throw badInput('input.periodTo', 'is before periodFrom');
      if (!input.facts.trim()) throw badInput('input.facts', 'is empty: state the force-majeure facts');
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
