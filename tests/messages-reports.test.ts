/** The reports subgraph's refusals as a person reads them: Chinese by default, English on Accept-Language, stable codes. */
import { describe, expect, it } from 'vitest';
import { chinaToday } from '../subgraphs/kit/time.js';
import { AS, post, useSeededSystem } from './support/system.js';

const EN = { 'accept-language': 'en' };
const PREFERS_CHINESE = { 'accept-language': 'fr, zh;q=0.9, en;q=0.5' };

describe('reports refusals', () => {
  const ctx = useSeededSystem();
  const ask = async (query: string, variables: Record<string, unknown>, headers: Record<string, string>) =>
    (await post(ctx.system.gateway.url, query, variables, headers)).body;
  const SPECIAL = `query($c: String!, $f: [CreditField!]!, $from: Date!, $to: Date!) { subjectByCode(code: $c) { specialCreditReport(fields: $f, from: $from, to: $to) { number } } }`;

  it('a special report whose period starts after it ends names `from`, in the caller’s language', async () => {
    const owner = await ctx.asSubject(ctx.demo.companyCode);
    const variables = { c: ctx.demo.companyCode, f: ['MARKET_REGULATION'], from: '2026-06-01', to: '2026-05-01' };
    const zh = await ask(SPECIAL, variables, owner);
    expect(zh.errors[0]).toMatchObject({
      message: 'from: 查询期间的起始日期 2026-06-01 晚于截止日期 2026-05-01',
      extensions: { code: 'BAD_USER_INPUT', reason: 'REPORTS_SPECIAL_PERIOD_REVERSED', field: 'from' },
    });
    const en = await ask(SPECIAL, variables, { ...owner, ...EN });
    expect(en.errors[0]).toMatchObject({
      message: 'from: from 2026-06-01 is after to 2026-05-01',
      extensions: { code: 'BAD_USER_INPUT', reason: 'REPORTS_SPECIAL_PERIOD_REVERSED' },
    });
    expect((await ask(SPECIAL, variables, { ...owner, ...PREFERS_CHINESE })).errors[0].message).toBe(zh.errors[0].message);
  });

  it('a special or full report asked for by someone else is refused, saying to whom it is issued', async () => {
    const today = chinaToday();
    const special = await ask(SPECIAL, { c: ctx.demo.companyCode, f: ['MARKET_REGULATION'], from: '2026-01-01', to: today }, AS.bank);
    expect(special.errors[0]).toMatchObject({
      message: '专项信用报告只出具给主体本人（及市信用办）',
      extensions: { code: 'FORBIDDEN', reason: 'REPORTS_SPECIAL_REPORT_SELF_ONLY' },
    });
    const FULL = `query($c: String!) { subjectByCode(code: $c) { creditReport(full: true) { number } } }`;
    const full = await ask(FULL, { c: ctx.demo.companyCode }, { ...AS.bank, ...EN });
    expect(full.errors[0]).toMatchObject({
      message: 'the full report is issued to the subject itself (and the credit office); anyone may have the public one',
      extensions: { code: 'FORBIDDEN', reason: 'REPORTS_FULL_REPORT_SELF_ONLY' },
    });
  });

  it('/reports/verify and the documents answer a refusal in Chinese with a code, English when the request asks', async () => {
    const gateway = new URL(ctx.system.gateway.url).origin;
    const unknown = `TCXY${chinaToday().replaceAll('-', '')}ZZZZZZZZ`;
    const viaGateway = await fetch(`${gateway}/reports/verify?number=${unknown}`, { method: 'POST', body: new Uint8Array([0x25]) });
    expect(viaGateway.status).toBe(404);
    expect(await viaGateway.json()).toMatchObject({
      found: false,
      error: '没有这个编号的信用报告',
      code: 'NOT_FOUND',
      reason: 'REPORTS_VERIFY_NUMBER_UNKNOWN',
    });
    const page = await fetch(`${gateway}/reports/${unknown}.pdf`);
    expect(page.status).toBe(404);
    expect(await page.text()).toBe('没有这个编号的信用报告，或您无权查看');
    // The service itself negotiates the request's Accept-Language (the gateway's route publishes what it answers).
    const service = `${new URL(ctx.system.services.reports.url).origin}/documents`;
    const english = await fetch(`${service}/verify?number=${unknown}`, { method: 'POST', body: new Uint8Array([0x25]), headers: EN });
    expect(english.status).toBe(404);
    expect(english.headers.get('content-language')).toBe('en');
    expect(await english.json()).toMatchObject({
      error: 'no report has this number',
      code: 'NOT_FOUND',
      reason: 'REPORTS_VERIFY_NUMBER_UNKNOWN',
    });
    const french = await fetch(`${service}/verify?number=${unknown}`, {
      method: 'POST',
      body: new Uint8Array([0x25]),
      headers: PREFERS_CHINESE,
    });
    expect((await french.json()).error).toBe('没有这个编号的信用报告');
    const missing = await fetch(`${service}/${unknown}.html`, { headers: EN });
    expect(await missing.text()).toBe('No report with this number is available to you.');
  });
});
