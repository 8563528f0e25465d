import { describe, expect, it } from 'vitest';
import { makeCreditCode } from '../subgraphs/kit/identifiers.js';
import { addDays, chinaToday } from '../subgraphs/kit/time.js';
import { finePenalty } from './support/penalty.js';
import { AS, post, useSeededSystem } from './support/system.js';

const ctx = useSeededSystem({ seed: false });
const COMMERCE = { 'x-api-key': 'demo-credit-office' };
const gql = async (query: string, variables: Record<string, unknown>, headers: Record<string, string>) =>
  (await post(ctx.system.gateway.url, query, variables, headers)).body;
const REPORT = `mutation($input: [RecordReportInput!]!) { reportRecords(input: $input) { outcome problems { field reason } record { id status commitment { status breachedBy { id } } breachOf { id } rectification { deadline originalDeadline status overdueDays extensions { days by } } } } }`;
const company = (n: number) => makeCreditCode(`91320585WF${String(n).padStart(7, '0')}`);
const today = chinaToday();

describe('rectification (整改)', () => {
  const reopening = (n: number, deadline?: string) => ({
    subject: { creditCode: company(n), name: `复工测试${n}` },
    category: 'REOPENING_NONCOMPLIANCE',
    decisionDate: addDays(today, -40),
    facts: '未落实防控措施即复工',
    unitReference: `REOPEN-${n}`,
    ...(deadline ? { rectificationDeadline: deadline } : {}),
  });

  it('requires a deadline, lists missed ones for the reporting unit, and follows extensions to the outcome', async () => {
    const missing = await gql(REPORT, { input: [reopening(1)] }, COMMERCE);
    expect(missing.data.reportRecords[0].problems[0]).toMatchObject({
      field: 'input[0].rectificationDeadline',
      reason: expect.stringContaining('必须填写'),
    });

    const deadline = addDays(today, -25);
    const [created] = (await gql(REPORT, { input: [reopening(2, deadline)] }, COMMERCE)).data.reportRecords;
    expect(created.record.rectification).toMatchObject({ deadline, originalDeadline: deadline, status: 'OVERDUE', overdueDays: 25 });
    const overdue = async () =>
      (await gql(`{ overdueRectifications(first: 100) { edges { node { id } } } }`, {}, COMMERCE)).data.overdueRectifications.edges.map(
        (e: any) => e.node.id,
      );
    expect(await overdue()).toContain(created.record.id);

    const refused = await gql(
      `mutation($id: ID!) { extendRectification(recordId: $id, days: 30, reason: "x") { id } }`,
      { id: created.record.id },
      AS.health,
    );
    expect(refused.errors[0].extensions.code).toBe('FORBIDDEN');
    const badDays = await gql(
      `mutation($id: ID!) { extendRectification(recordId: $id, days: 0, reason: "x") { id } }`,
      { id: created.record.id },
      COMMERCE,
    );
    expect(badDays.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'days' });

    const extended = await gql(
      `mutation($id: ID!) { extendRectification(recordId: $id, days: 30, reason: "受疫情影响，原料未到") { rectification { deadline originalDeadline status extensions { days reason } } } }`,
      { id: created.record.id },
      COMMERCE,
    );
    expect(extended.data.extendRectification.rectification).toMatchObject({
      deadline: addDays(deadline, 30),
      originalDeadline: deadline,
      status: 'PENDING',
      extensions: [{ days: 30, reason: '受疫情影响，原料未到' }],
    });
    expect(await overdue()).not.toContain(created.record.id);

    const done = await gql(
      `mutation($id: ID!, $on: Date!) { recordRectification(recordId: $id, outcome: RECTIFIED, on: $on) { rectification { status completedOn } } }`,
      { id: created.record.id, on: today },
      COMMERCE,
    );
    expect(done.data.recordRectification.rectification).toEqual({ status: 'RECTIFIED', completedOn: today });
  });

  it('extends the period of a force-majeure case by policy, recording who granted it', async () => {
    const deadline = addDays(today, 5);
    const input = {
      ...reopening(3, deadline),
      decisionDate: addDays(today, -3),
      toleranceClaim: { cause: 'FORCE_MAJEURE', evidence: '停工通知' },
    };
    const [created] = (await gql(REPORT, { input: [input] }, COMMERCE)).data.reportRecords;
    expect(created.record.rectification).toMatchObject({
      deadline: addDays(deadline, 30),
      originalDeadline: deadline,
      extensions: [{ days: 30, by: 'TOLERANCE:N8-FORCE-MAJEURE-EXTEND' }],
    });
  });
});

describe('credit commitments (信用承诺)', () => {
  it('marks a commitment breached by the dishonesty record it produced, and links both ways', async () => {
    const subject = { creditCode: company(50), name: '价格承诺测试超市' };
    const [commitment] = (
      await gql(
        REPORT,
        {
          input: [
            {
              subject,
              category: 'PRICE_SELF_DISCIPLINE',
              decisionDate: addDays(today, -60),
              facts: '签署防疫物资价格自律承诺书',
              unitReference: 'PLEDGE-1',
            },
          ],
        },
        AS.marketRegulation,
      )
    ).data.reportRecords;
    expect(commitment.record.commitment).toEqual({ status: 'IN_FORCE', breachedBy: null });

    const other = await gql(
      REPORT,
      {
        input: [
          {
            subject: { creditCode: company(51), name: '别家' },
            category: 'PRICE_GOUGING',
            decisionDate: addDays(today, -10),
            facts: '哄抬口罩价格',
            penalty: finePenalty('1'),
            unitReference: 'GOUGE-0',
            breachesCommitment: commitment.record.id,
          },
        ],
      },
      AS.marketRegulation,
    );
    expect(other.data.reportRecords[0].problems[0]).toEqual({
      field: 'input[0].breachesCommitment',
      reason: '所指信用承诺属于另一信用主体',
    });

    const [breach] = (
      await gql(
        REPORT,
        {
          input: [
            {
              subject,
              category: 'PRICE_GOUGING',
              decisionDate: addDays(today, -10),
              facts: '哄抬口罩价格',
              penalty: finePenalty('1'),
              unitReference: 'GOUGE-1',
              breachesCommitment: commitment.record.id,
            },
          ],
        },
        AS.marketRegulation,
      )
    ).data.reportRecords;
    expect(breach.record.breachOf).toEqual({ id: commitment.record.id });
    const after = await gql(
      `query($id: ID!) { creditRecord(id: $id) { commitment { status breachedBy { id category } } } }`,
      { id: commitment.record.id },
      AS.marketRegulation,
    );
    expect(after.data.creditRecord.commitment).toEqual({
      status: 'BREACHED',
      breachedBy: { id: breach.record.id, category: 'PRICE_GOUGING' },
    });
    const fulfil = await gql(
      `mutation($id: ID!) { fulfilCommitment(recordId: $id) { id } }`,
      { id: commitment.record.id },
      AS.marketRegulation,
    );
    expect(fulfil.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'recordId' });
  });
});

describe('public disclosures (公示) for the portal', () => {
  it('lists the same public records whoever asks, newest first, and nothing about persons', async () => {
    const query = `{ publicDisclosures(first: 100) { edges { node { id decisionDate subject { id } disclosure { isPublicNow } } } } }`;
    const asPublic = await gql(query, {}, AS.public);
    const asOffice = await gql(query, {}, AS.creditOffice);
    expect(asPublic.data.publicDisclosures).toEqual(asOffice.data.publicDisclosures);
    const nodes = asPublic.data.publicDisclosures.edges.map((e: any) => e.node);
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((n: any) => n.disclosure.isPublicNow && !n.subject.id.startsWith('P-'))).toBe(true);
    expect(nodes.map((n: any) => n.decisionDate)).toEqual([...nodes.map((n: any) => n.decisionDate)].sort().reverse());
  });
});
