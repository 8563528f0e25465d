/**
 * The newcomer's path, in a real browser (Debian's chromium, driven by playwright-core): open the demo
 * company's report, read it on screen, print it to PDF, verify the number on the verification page, and
 * see an altered copy fail. `.ci/run` installs chromium when it is missing.
 */
import type { Browser } from 'playwright-core';
import { CHROMIUM, launchChromium } from './support/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayClient, useSeededSystem } from './support/system.js';

const ctx = useSeededSystem();
const gql = gatewayClient(ctx);
let browser: Browser;

// Without a browser the test cannot run; in CI that is a failure, not a skip.
describe.runIf(CHROMIUM || process.env.CI)('a credit report in the browser', () => {
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  it('shows the report, prints it to a PDF that verifies, and catches an altered copy', async () => {
    const report = (
      await gql(`query($c: String!) { subjectByCode(code: $c) { creditReport { number htmlUrl verifyUrl } } }`, { c: ctx.demo.companyCode })
    ).data.subjectByCode.creditReport;
    const page = await browser.newPage();
    await page.goto(report.htmlUrl);
    await page.evaluate('document.fonts.ready');
    expect(await page.locator('h1').textContent()).toBe('公共信用信息报告');
    expect(await page.getByText('名称：太仓市娄城医疗器械有限公司', { exact: true }).isVisible()).toBe(true);
    expect(await page.getByText(`报告编号：${report.number}`).isVisible()).toBe(true);
    expect(await page.evaluate(`document.fonts.check('16px "Noto Sans SC Report"', '公共信用信息报告')`)).toBe(true);
    const printed = await page.pdf({ format: 'A4', printBackground: true });

    const origin = new URL(ctx.system.gateway.url).origin;
    const upload = async (body: Uint8Array) =>
      (await fetch(`${origin}/reports/verify?number=${report.number}`, { method: 'POST', body: new Uint8Array(body) })).json();
    expect(await upload(new Uint8Array(printed))).toMatchObject({
      authentic: true,
      identical: false,
      contentMatches: true,
      unaltered: true,
    });

    await page.goto(`${origin}/reports/verify`);
    await page.fill('#number', report.number);
    await page.click('form[method=get] button');
    await expect.poll(() => page.locator('#verdict').textContent()).toContain('真实有效');

    // Someone edits the printed report's HTML and prints it again: the verification page says it was altered.
    await page.goto(report.htmlUrl);
    await page.evaluate(
      `[...document.querySelectorAll('p')].find((p) => p.textContent.startsWith('名称：')).textContent = '名称：太仓市某某贸易有限公司'`,
    );
    const altered = await page.pdf({ format: 'A4' });
    await page.goto(`${origin}/reports/verify?number=${report.number}`);
    await page.setInputFiles('#file', { name: 'report.pdf', mimeType: 'application/pdf', buffer: altered });
    await page.click('#upload button');
    // Reading the pages and their QR codes takes a second or more on a busy machine.
    await expect.poll(() => page.locator('#file-verdict').textContent(), { timeout: 60_000 }).toContain('已被篡改');
    await page.close();
  });
});
