import { describe, expect, it } from 'vitest';
import { AS, post, useSeededSystem } from './support/system.js';

const ctx = useSeededSystem();
const gql = async (query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) =>
  (await post(ctx.system.gateway.url, query, variables, headers)).body;
const ISSUE = `mutation($input: ForceMajeureCertificateInput!) { issueForceMajeureCertificate(input: $input) { number subject { id name } contracts periodFrom periodTo issuedBy } }`;

describe('force-majeure certificates (不可抗力事实性证明)', () => {
  it('issues a numbered certificate to an exporter, and a tolerance claim citing it resolves it through the supergraph', async () => {
    for (const consumer of ctx.system.consumers) await consumer.pollOnce();
    const input = {
      creditCode: ctx.demo.companyCode,
      contracts: ['TC-EXP-2020-017', 'TC-EXP-2020-021'],
      periodFrom: '2020-02-01',
      periodTo: '2020-04-30',
      facts: '受疫情影响，港口停航，无法按期交付出口订单',
    };
    const issued = await gql(ISSUE, { input }, AS.creditOffice);
    expect(issued.errors).toBeUndefined();
    const certificate = issued.data.issueForceMajeureCertificate;
    expect(certificate).toMatchObject({
      subject: { id: ctx.demo.companyCode, name: ctx.demo.companyName },
      contracts: input.contracts,
      issuedBy: 'CREDIT_OFFICE:credit-office',
    });
    expect(certificate.number).toMatch(/^TCBKKL\d{8}$/);
    for (const consumer of ctx.system.consumers) await consumer.pollOnce();

    const report = await gql(
      `mutation($i: [RecordReportInput!]!) { reportRecords(input: $i) { outcome record { id status forceMajeureCertificate { number contracts periodTo } } } }`,
      {
        i: [
          {
            subject: { creditCode: ctx.demo.companyCode, name: ctx.demo.companyName },
            category: 'CONTRACT_DEFAULT',
            decisionDate: '2020-03-16',
            facts: '未能按期交付出口订单',
            unitReference: 'FM-CERT-1',
            toleranceClaim: { cause: 'FORCE_MAJEURE', evidence: '不可抗力事实性证明书', forceMajeureCertificate: certificate.number },
          },
        ],
      },
      AS.creditOffice,
    );
    expect(report.data.reportRecords[0].record).toMatchObject({
      status: 'EXEMPTED',
      forceMajeureCertificate: { number: certificate.number, contracts: input.contracts, periodTo: '2020-04-30' },
    });

    const unknown = await gql(
      `mutation($i: [RecordReportInput!]!) { reportRecords(input: $i) { outcome problems { field reason } } }`,
      {
        i: [
          {
            subject: { creditCode: ctx.demo.companyCode, name: ctx.demo.companyName },
            category: 'CONTRACT_DEFAULT',
            decisionDate: '2026-10-16',
            facts: '违约',
            unitReference: 'FM-CERT-2',
            toleranceClaim: { cause: 'FORCE_MAJEURE', evidence: '证明书', forceMajeureCertificate: 'TCBKKL20269999' },
          },
        ],
      },
      AS.creditOffice,
    );
    expect(unknown.data.reportRecords[0]).toEqual({
      outcome: 'REJECTED',
      problems: [
        {
          field: 'input[0].toleranceClaim.forceMajeureCertificate',
          reason: expect.stringContaining('未找到已出具的该不可抗力事实性证明书'),
        },
      ],
    });
  });

  it('issues only to exporters, by the credit office or the commerce bureau, and keeps the facts from the public', async () => {
    const notExporter = (
      await gql(`{ subjects(first: 100, filter: { kinds: [LEGAL_PERSON] }) { edges { node { id tags } } } }`, {}, AS.creditOffice)
    ).data.subjects.edges.find((e: any) => !e.node.tags.includes('EXPORTER')).node.id;
    const refused = await gql(
      ISSUE,
      { input: { creditCode: notExporter, contracts: ['X'], periodFrom: '2020-02-01', periodTo: '2020-02-29', facts: '停工' } },
      AS.creditOffice,
    );
    expect(refused.errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.creditCode',
      reason: 'REPAIRS_CERTIFICATE_NOT_EXPORTER',
    });
    expect(refused.errors[0].message).toContain('出口企业（EXPORTER）');
    const byHealth = await gql(
      ISSUE,
      { input: { creditCode: ctx.demo.companyCode, contracts: ['X'], periodFrom: '2020-02-01', periodTo: '2020-02-29', facts: '停工' } },
      AS.health,
    );
    expect(byHealth.errors[0].extensions.code).toBe('FORBIDDEN');
    const issued = await gql(
      ISSUE,
      {
        input: {
          creditCode: ctx.demo.companyCode,
          contracts: ['TC-EXP-2020-030'],
          periodFrom: '2020-03-01',
          periodTo: '2020-03-31',
          facts: '集装箱船停航',
        },
      },
      AS.creditOffice,
    );
    const query = `query($n: String!) { forceMajeureCertificate(number: $n) { number facts } }`;
    const asPublic = await gql(query, { n: issued.data.issueForceMajeureCertificate.number });
    expect(asPublic.data.forceMajeureCertificate).toEqual({ number: issued.data.issueForceMajeureCertificate.number, facts: null });
    expect(asPublic.errors[0].extensions.code).toBe('FORBIDDEN');
  });
});
