/**
 * Incentives' refusals as a person reads them, through the real gateway: Chinese by default, English with
 * Accept-Language: en, Chinese again when Chinese outweighs English; the stable extensions.code and the
 * message's code as extensions.reason in every language. Triggered by citizens and enterprises (loan
 * authorisations, exemplar consent), by a bank (a profile it was not granted), by anyone (a restricted
 * field) and by the credit office (the points table).
 */
import { describe, expect, it } from 'vitest';
import { makeCreditCode } from '../subgraphs/kit/identifiers.js';
import { definedCodes, type Message } from '../subgraphs/kit/messages.js';
import { addDays, chinaToday } from '../subgraphs/kit/time.js';
import { INCENTIVES_MESSAGES as M } from '../subgraphs/incentives/messages.js';
import { AS, post, useSeededSystem } from './support/system.js';

const ctx = useSeededSystem();

const LANGUAGES = {
  default: {},
  english: { 'accept-language': 'en' },
  chineseOutweighs: { 'accept-language': 'fr, zh;q=0.9, en;q=0.5' },
} as const;

const HAN = /\p{Script=Han}/u;

interface Case {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  as: () => Promise<Record<string, string>>;
  code: string;
  field?: string;
  /** The text's prefix in either language (badInput's `field: `, a restricted field's `Type.field: `). */
  prefix?: string;
  message: () => Message;
}

const GRANT = `mutation($institution: ID!, $until: Date!) { grantLoanAuthorisation(institution: $institution, validUntil: $until) { id } }`;
const CONSENT = `mutation($name: String!) { consentToExemplarPublicity(displayName: $name) }`;
const nowhere = makeCreditCode('91320585MKG000001');

const cases: Case[] = [
  {
    name: 'an enterprise grants a loan authorisation beyond a year',
    query: GRANT,
    variables: { institution: 'bank-taicang-rural', until: '2099-01-01' },
    as: () => ctx.asSubject(ctx.demo.companyCode),
    code: 'BAD_USER_INPUT',
    field: 'validUntil',
    message: () => M.INCENTIVES_VALID_UNTIL_RANGE({ today: chinaToday(), last: addDays(chinaToday(), 366) }),
  },
  {
    name: 'an enterprise grants a loan authorisation to a unit that is no financial institution',
    query: GRANT,
    variables: { institution: 'health', until: chinaToday() },
    as: () => ctx.asSubject(ctx.demo.companyCode),
    code: 'BAD_USER_INPUT',
    field: 'institution',
    message: () => M.INCENTIVES_NOT_A_FINANCIAL_INSTITUTION({ id: 'health' }),
  },
  {
    name: 'a person grants a loan authorisation',
    query: GRANT,
    variables: { institution: 'bank-taicang-rural', until: chinaToday() },
    as: () => ctx.asSubject(ctx.demo.personSubjectId),
    code: 'BAD_USER_INPUT',
    field: 'subject',
    message: () => M.INCENTIVES_LOAN_NOT_FOR_PERSONS(),
  },
  {
    name: 'a person consents to exemplar publicity under a display name that is too long',
    query: CONSENT,
    variables: { name: '张'.repeat(41) },
    as: () => ctx.asSubject(ctx.demo.personSubjectId),
    code: 'BAD_USER_INPUT',
    field: 'displayName',
    message: () => M.INCENTIVES_DISPLAY_NAME_LENGTH({ max: 40, got: 41 }),
  },
  {
    name: 'an enterprise consents to exemplar publicity',
    query: CONSENT,
    variables: { name: '某某公司' },
    as: () => ctx.asSubject(ctx.demo.companyCode),
    code: 'BAD_USER_INPUT',
    field: 'subject',
    message: () => M.INCENTIVES_CONSENT_NOT_FOR_ORGANISATIONS(),
  },
  {
    name: 'a bank reads a loan profile it was not granted',
    query: `query($s: ID!) { loanProfile(subject: $s) { authorisedUntil } }`,
    variables: { s: nowhere },
    as: async () => AS.bank,
    code: 'FORBIDDEN',
    message: () => M.INCENTIVES_LOAN_NOT_AUTHORISED({ subject: nowhere, institution: 'bank-taicang-rural' }),
  },
  {
    name: 'the public asks for a supervision level',
    query: `query($s: ID!) { subject(id: $s) { supervision { level } } }`,
    variables: { s: '' },
    as: async () => AS.public,
    code: 'FORBIDDEN',
    prefix: 'Subject.supervision: ',
    message: () => M.INCENTIVES_SUPERVISION_FIELD_WHO(),
  },
  {
    name: 'an enterprise puts itself on the red list',
    query: `mutation($i: ListEntryInput!) { addListEntry(input: $i) { id } }`,
    variables: { i: { subject: '', list: 'RED', reason: '自评诚信' } },
    as: () => ctx.asSubject(ctx.demo.companyCode),
    code: 'FORBIDDEN',
    message: () => M.INCENTIVES_LIST_ENTRY_CREDIT_OFFICE_ONLY(),
  },
  {
    name: 'the credit office makes serious dishonesty add points',
    query: `mutation { setPointsRule(basis: "NEGATIVE_SERIOUS", points: 5) { basis } }`,
    as: async () => AS.creditOffice,
    code: 'BAD_USER_INPUT',
    field: 'points',
    message: () => M.INCENTIVES_DISHONESTY_CANNOT_ADD_POINTS(),
  },
];

function withDemo(variables: Record<string, unknown> = {}): Record<string, unknown> {
  // The demo company stands in for an empty subject id (the cases are built before the system starts).
  const out: Record<string, unknown> = { ...variables };
  if (out.s === '') out.s = ctx.demo.companyCode;
  if (out.i && (out.i as { subject?: string }).subject === '') out.i = { ...(out.i as object), subject: ctx.demo.companyCode };
  return out;
}

describe('incentives refusals, in the caller’s language', () => {
  it.each(cases)('$name', async (c) => {
    const message = c.message();
    const prefix = c.prefix ?? (c.field ? `${c.field}: ` : '');
    const headers = await c.as();
    const answers: Record<keyof typeof LANGUAGES, any> = Object.fromEntries(
      await Promise.all(
        Object.entries(LANGUAGES).map(
          async ([language, extra]) =>
            [language, (await post(ctx.system.gateway.url, c.query, withDemo(c.variables), { ...headers, ...extra })).body] as const,
        ),
      ),
    ) as Record<keyof typeof LANGUAGES, any>;
    for (const [language, body] of Object.entries(answers)) {
      expect(body.errors, language).toHaveLength(1);
      expect(body.errors[0].extensions, language).toMatchObject({
        code: c.code,
        reason: message.code,
        ...(c.field ? { field: c.field } : {}),
      });
    }
    expect(answers.default.errors[0].message).toBe(prefix + message.zh);
    expect(answers.default.errors[0].message).toMatch(HAN);
    expect(answers.english.errors[0].message).toBe(prefix + message.en);
    expect(answers.english.errors[0].message).not.toMatch(HAN);
    expect(answers.chineseOutweighs.errors[0].message).toBe(prefix + message.zh);
  });

  it('a conflict keeps what blocks it beside the code, in either language', async () => {
    const add = (reason: string, headers: Record<string, string> = {}) =>
      post(
        ctx.system.gateway.url,
        `mutation($i: ListEntryInput!) { addListEntry(input: $i) { id } }`,
        { i: { subject: ctx.demo.companyCode, list: 'KEY_ATTENTION', reason } },
        { ...AS.creditOffice, ...headers },
      );
    // The first entry stands unless the demo company is on the list already; a second, other entry is refused.
    await add('测试：首次列入重点关注名单');
    const chinese = (await add('测试：再次列入')).body.errors[0];
    const english = (await add('测试：再次列入', LANGUAGES.english)).body.errors[0];
    expect(chinese.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'INCENTIVES_ALREADY_ON_LIST',
      blockedBy: { list: 'KEY_ATTENTION', membershipId: expect.any(String) },
    });
    expect(english.extensions).toEqual(chinese.extensions);
    expect(chinese.message).toContain('重点关注名单');
    expect(chinese.message).toContain(chinese.extensions.blockedBy.membershipId);
    expect(english.message).toContain('the key-attention list');
    expect(english.message).not.toMatch(HAN);
  });
});

/** Every parameter any incentives message takes, so each can be rendered without knowing its own. */
const SAMPLE = {
  today: '2026-12-03',
  got: 41,
  last: '2027-12-04',
  list: 'RED',
  measureList: 'KEY_ATTENTION',
  membershipId: '00000000-0000-4000-8000-000000000001',
  since: '2026-01-01',
  byHand: true,
  category: 'LATE_TAX',
  categoryLabel: '未及时纳税',
  recordId: '00000000-0000-4000-8000-000000000002',
  decisionDate: '2026-02-01',
  id: 'health',
  max: 40,
  codes: ['APPROVAL_GREEN_CHANNEL', 'PUBLIC_NAMING'],
  unit: 'health',
  units: ['health', 'market-regulation'],
  reference: 'REF-1',
  subject: '91320585MA0000000X',
  institution: 'bank-taicang-rural',
};

describe('the incentives catalogue', () => {
  it('has Chinese text (with Han characters) and English (without) for every code, each code prefixed INCENTIVES_', () => {
    const entries = Object.entries(M) as [string, (p: typeof SAMPLE) => Message][];
    expect(entries.length).toBeGreaterThan(30);
    for (const [code, render] of entries) {
      expect(code).toMatch(/^INCENTIVES_[A-Z0-9_]+$/);
      for (const byHand of [true, false]) {
        const message = render({ ...SAMPLE, byHand });
        expect(message.code).toBe(code);
        expect(message.zh, code).toMatch(HAN);
        expect(message.en, code).not.toMatch(HAN);
        expect(message.zh, code).not.toContain('undefined');
        expect(message.en, code).not.toContain('undefined');
      }
    }
  });

  it('defines every INCENTIVES_ code platform-wide', () => {
    const defined = [...definedCodes().keys()].filter((code) => code.startsWith('INCENTIVES_'));
    expect(defined.sort()).toEqual(Object.keys(M).sort());
  });
});
