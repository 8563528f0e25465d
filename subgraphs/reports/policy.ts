import { can, isSelf } from '../kit/access.js';
import type { FieldPolicy } from '../kit/field-policy.js';
import type { Principal } from '../kit/principal.js';
import type { Audience } from './compose.js';

/** A full or special report is issued to, and read by, the subject itself and the credit office. */
export function mayHaveFullReport(principal: Principal, subjectId: string): boolean {
  return can(principal, 'readFullReports') || isSelf(principal, subjectId);
}

/** A full report is the subject's (and the credit office's); a public one is anyone's who has the number. */
export function mayReadReport(audience: Audience, subjectId: string, principal: Principal | null): boolean {
  if (audience === 'PUBLIC') return true;
  return !!principal && mayHaveFullReport(principal, subjectId);
}

/**
 * Every field this subgraph serves. Reports are public by design (a public report holds only public
 * data); the full report's rule (the subject itself, the credit office) is checked by the issuer.
 */
export const REPORTS_FIELD_POLICY: FieldPolicy<any> = {
  Query: { public: ['verifyCreditReport', 'reportSigningKey'] },
  Subject: { public: ['id', 'creditReport', 'specialCreditReport'] },
  CreditReport: { public: ['number', 'audience', 'issuedAt', 'htmlUrl', 'pdfUrl', 'verifyUrl', 'signature', 'pdfSha256'] },
  ReportVerification: {
    public: [
      'number',
      'found',
      'authentic',
      'unaltered',
      'issuedAt',
      'audience',
      'subjectName',
      'title',
      'specialScope',
      'subjectCode',
      'superseded',
      'latestNumber',
      'latestIssuedAt',
    ],
  },
  ReportSigningKey: { public: ['algorithm', 'keyId', 'publicKeyPem', 'url'] },
};
