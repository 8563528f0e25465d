import type { FieldPolicy } from '../kit/field-policy.js';

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
