import { eq, inArray } from 'drizzle-orm';
import { describePrincipal } from '../kit/audit.js';
import type { Db } from '../kit/db.js';
import { badInput, forbidden } from '../kit/errors.js';
import type { CertificateIssued } from '../kit/event-contracts.js';
import { publish } from '../kit/events.js';
import type { PolicyScope } from '../kit/field-policy.js';
import { checkCreditCode } from '../kit/identifiers.js';
import { nextNumber } from '../kit/numbering.js';
import { isRealDate } from '../kit/scalars.js';
import { chinaToday } from '../kit/time.js';
import { forceMajeureCertificates, repairsOutbox, subjectProjection, type CertificateRow } from './tables.js';
import { can, CERTIFICATE_ISSUING_UNITS, isUnit } from '../kit/access.js';

export interface CertificateInput {
  creditCode: string;
  contracts: string[];
  periodFrom: string;
  periodTo: string;
  facts: string;
}

/** 不可抗力事实性证明书 (notice §8), for exporters: issued here, cited by tolerance claims in records. */
export function createCertificates(db: Db) {
  return {
    async issue(ctx: PolicyScope, input: CertificateInput): Promise<CertificateRow> {
      const { principal } = ctx;
      if (
        !can(principal, 'administer') &&
        !(can(principal, 'issueCertificates') && CERTIFICATE_ISSUING_UNITS.some((unit) => isUnit(principal, unit)))
      ) {
        throw forbidden('force-majeure certificates are issued by the credit office and the commerce bureau');
      }
      const code = checkCreditCode(input.creditCode);
      if (!code.ok) throw badInput('input.creditCode', code.reason);
      const [subject] = await db.select().from(subjectProjection).where(eq(subjectProjection.subjectId, code.value));
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
      const today = chinaToday();
      const row = await db.transaction(async (tx) => {
        const number = await nextNumber(tx, forceMajeureCertificates.number, `TCBKKL${today.slice(0, 4)}`);
        const [inserted] = await tx
          .insert(forceMajeureCertificates)
          .values({
            number,
            subjectId: code.value,
            contracts,
            periodFrom: input.periodFrom,
            periodTo: input.periodTo,
            facts: input.facts.trim(),
            issuedOn: today,
            issuedBy: describePrincipal(principal),
          })
          .returning();
        const issued: CertificateIssued = { number, subjectId: code.value, periodFrom: input.periodFrom, periodTo: input.periodTo };
        await publish(tx, repairsOutbox, [{ type: 'certificate.issued', subjectId: code.value, payload: { ...issued } }]);
        return inserted!;
      });
      ctx.audit.note('REPAIR_CASE', [row.subjectId], 'MUTATION');
      return row;
    },

    async byNumbers(numbers: readonly string[]): Promise<CertificateRow[]> {
      return db
        .select()
        .from(forceMajeureCertificates)
        .where(inArray(forceMajeureCertificates.number, [...numbers]));
    },
  };
}

export type Certificates = ReturnType<typeof createCertificates>;
