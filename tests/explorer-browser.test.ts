/**
 * The explorer offline, in a real browser (Debian's chromium, driven by playwright-core): every request that
 * is not to the gateway on 127.0.0.1 is refused and recorded; the page still renders, reads the schema and
 * runs the README's credit-file query with a demo credential.
 */
import type { Browser } from 'playwright-core';
import { CHROMIUM, launchChromium } from './support/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useSeededSystem } from './support/system.js';

const ctx = useSeededSystem();
let browser: Browser;

// Without a browser the test cannot run; in CI that is a failure, not a skip.
describe.runIf(CHROMIUM || process.env.CI)('the explorer without the internet', () => {
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  it('renders, shows the schema and runs the credit-file query, asking nothing of any other host', async () => {
    const origin = ctx.system.gateway.origin;
    const outside: string[] = [];
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.route('**', (route) => {
      const url = new URL(route.request().url());
      if (url.protocol === 'http:' && url.hostname === '127.0.0.1') return route.continue();
      outside.push(url.href);
      return route.abort('internetdisconnected');
    });
    // Requests the router does not see (a worker's, a WebSocket) still show as page events.
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (!['http:', 'blob:', 'data:'].includes(url.protocol) || (url.protocol === 'http:' && url.hostname !== '127.0.0.1'))
        outside.push(url.href);
    });
    page.on('websocket', (socket) => outside.push(socket.url()));

    page.on('pageerror', (error) => console.error('explorer page error:', error.message));
    await page.goto(`${origin}/graphql`, { waitUntil: 'load' });
    await page.locator('.graphiql-container').first().waitFor({ timeout: 60_000 });
    expect(await page.title()).toBe('信用太仓 GraphQL 浏览器');

    // The schema, read by introspection: the documentation explorer lists the root type and its fields.
    await page.getByRole('button', { name: /documentation explorer/i }).click();
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.getByText('Query', { exact: true }).first().click({ timeout: 30_000 });
    await expect.poll(() => docs.textContent(), { timeout: 30_000 }).toContain('subjectByCode');

    // The first tab is the credit file, its header the credit office's demo key: one click runs it.
    await page.locator('.graphiql-execute-button').click();
    const result = page.locator('.graphiql-response');
    await expect.poll(() => result.textContent(), { timeout: 60_000 }).toContain('太仓市娄城医疗器械有限公司');
    expect(await result.textContent()).toContain('creditRecords');
    await page.screenshot({ path: '/tmp/explorer-offline.png' });

    expect(outside).toEqual([]);
    // The guard sees what a page asks of the internet: Apollo Sandbox, loaded from Apollo's CDN, is caught.
    await page.goto(`${origin}/sandbox`, { waitUntil: 'load' });
    expect(outside.some((url) => url.startsWith('https://embeddable-sandbox.cdn.apollographql.com/'))).toBe(true);
    await page.close();
  });
});
