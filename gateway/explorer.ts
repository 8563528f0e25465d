import type express from 'express';
import { DEMO_API_KEYS } from './auth.js';

/** The README's credit file of the demo company, across all four subgraphs. */
const CREDIT_FILE = `query CreditFile {
  subjectByCode(code: "91320585016648258N") {
    id name kind district tags
    creditRecords {
      category categoryInfo { label article } severity status decisionDate
      reportingUnit { name }
      disclosure { ruleVersion isPublicNow publicUntil reason }
    }
    repairApplications { number state acceptBy decideBy history { state at by } }
    objections { number state verifyBy }
    listMemberships { list reason since until active causedBy { category } }
    supervision { level reason }
  }
}
`;

const MEASURES = `query Measures {
  measuresFor(subject: "91320585016648258N") { measure { label type direction } membership { list reason } applied }
}
`;

const EXEMPLARS = `query Exemplars {
  exemplars(first: 5) { edges { node { subject { name } since deeds { label decisionDate } } } }
}
`;

const headers = (apiKey?: string) => JSON.stringify(apiKey ? { 'x-api-key': apiKey } : {}, null, 2);

/** In development one tab per kind of caller, its demo key set: switching role is a click on a tab. */
function developmentTabs() {
  const keys = Object.keys(DEMO_API_KEYS).join(', ');
  const note = `# 演示凭据（仅开发环境）demo credentials, development only: x-api-key = ${keys}\n`;
  return [
    { query: note + CREDIT_FILE, headers: headers('demo-credit-office') },
    { query: note + MEASURES, headers: headers('demo-market-regulation') },
    { query: `# 公众（无凭据）the public, no credential\n${EXEMPLARS}`, headers: headers() },
  ];
}

/** In production no credential is offered: staff enter their own key. */
function productionTabs() {
  const note = '# 在 Headers 中填写您的 API 密钥 — enter your API key under Headers: { "x-api-key": "…" }\n';
  return [{ query: note + CREDIT_FILE, headers: headers() }];
}

/**
 * Chinese text (the credit files, the comments of the tabs) in the reports' own font, served by the gateway at
 * /reports/assets: a machine without Chinese fonts would show empty boxes. Only for CJK characters, so Latin
 * text keeps GraphiQL's fonts.
 */
const CHINESE_FONT = `<style>
  @font-face { font-family: "Noto Sans SC Explorer"; src: url("/reports/assets/NotoSansHans-Regular.otf") format("opentype"); unicode-range: U+2E80-9FFF, U+F900-FAFF, U+FF00-FFEF; }
  body, .graphiql-container, .graphiql-dialog {
    --font-family: "Roboto", sans-serif, "Noto Sans SC Explorer" !important;
    --font-family-mono: "Fira Code", monospace, "Noto Sans SC Explorer" !important;
  }
  .monaco-editor .view-lines { font-family: var(--font-family-mono) !important; }
</style>`;

/**
 * GraphiQL served by the gateway itself, its scripts, styles and editor workers inlined in the one page
 * (@graphql-yoga/render-graphiql): it works where no CDN can be reached. The 9 MB bundle is loaded on the
 * first visit, not at start.
 */
export function explorerPage(production: boolean): () => Promise<string> {
  let page: Promise<string> | undefined;
  return () =>
    (page ??= import('@graphql-yoga/render-graphiql').then(({ renderGraphiQL }) =>
      renderGraphiQL({
        title: '信用太仓 GraphQL 浏览器',
        endpoint: '/graphql',
        defaultTabs: production ? productionTabs() : developmentTabs(),
        defaultHeaders: production ? headers() : headers('demo-credit-office'),
        shouldPersistHeaders: false,
      }).replace('</head>', `${CHINESE_FONT}</head>`),
    ));
}

/** Apollo Sandbox, loaded from Apollo's CDN: for development where the internet is. */
const SANDBOX = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>信用太仓 · Apollo Sandbox</title></head>
  <body style="margin: 0">
    <div id="sandbox" style="height: 100vh"></div>
    <script src="https://embeddable-sandbox.cdn.apollographql.com/_latest/embeddable-sandbox.umd.production.min.js"></script>
    <script>
      new window.EmbeddedSandbox({
        target: '#sandbox',
        initialEndpoint: location.origin + '/graphql',
        initialState: { sharedHeaders: { 'x-api-key': 'demo-credit-office' } },
        includeCookies: false,
      });
    </script>
  </body>
</html>
`;

/** A browser's GET of /graphql (no query in the URL, HTML preferred) is a person: it gets the explorer. */
function wantsPage(req: express.Request): boolean {
  return (
    req.query.query === undefined && req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html'
  );
}

/** The explorer at /explorer and for browsers at /graphql; Apollo Sandbox at /sandbox, in development only. */
export function explorerRoutes(app: express.Express, production: boolean): void {
  const page = explorerPage(production);
  const send: express.RequestHandler = (_req, res, next) => {
    page().then((html) => res.type('html').setHeader('cache-control', 'no-cache').send(html), next);
  };
  app.get('/explorer', send);
  app.get('/graphql', (req, res, next) => (wantsPage(req) ? send(req, res, next) : next()));
  if (!production) app.get('/sandbox', (_req, res) => res.type('html').send(SANDBOX));
}
