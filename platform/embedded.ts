/**
 * `npm start`: the whole platform in one process. Without DATABASE_URL it runs on an embedded PGlite
 * kept in .data/pglite (or in memory with --memory), seeds the demo set when empty, and prints how to use it.
 */
import { runMain } from '../subgraphs/kit/config.js';
import { log } from '../subgraphs/kit/log.js';
import { personSubjectId } from '../subgraphs/kit/personal-data.js';
import { loadSigningKey } from '../subgraphs/reports/signing.js';
import { DEMO_API_KEYS, issueToken } from '../gateway/auth.js';
import { DEMO_COMPANY, DEMO_PERSON_ID_NUMBER } from './seed/demo-subjects.js';
import { startSystem, type RunningSystem } from './system.js';
import { startTracing } from '../subgraphs/kit/tracing.js';
import { shutdownGraceMs } from '../subgraphs/kit/http.js';

const memory = process.argv.includes('--memory') || process.env.PGLITE_MEMORY === '1';
const production = process.env.NODE_ENV === 'production';
const started = Date.now();

async function banner(system: RunningSystem): Promise<string> {
  const summary = system.seeded;
  const storage =
    system.databaseKind === 'postgres'
      ? 'PostgreSQL (DATABASE_URL)'
      : memory
        ? 'PGlite in memory'
        : `PGlite in ${process.env.PGLITE_DIR ?? '.data/pglite'}`;
  const lines = [
    '',
    `信用太仓 supergraph ready in ${((Date.now() - started) / 1000).toFixed(1)} s on ${storage}`,
    `  Gateway (the explorer in a browser): ${system.gateway.url}`,
    ...Object.values(system.services).map((service) => `  subgraph ${service.name.padEnd(10)} ${service.url}`),
    summary
      ? `  Demo data seeded: ${summary.organisations} organisations, ${summary.persons} persons, ${summary.records} records, ${summary.licences} licences, ${summary.repairApplications} repair applications, ${summary.objections} objections`
      : production && !system.seeded
        ? '  NODE_ENV=production: no demo data, no demo credentials (API_KEYS_FILE and JWT_SECRET name the callers).'
        : '  Existing data kept (the demo data is seeded only into an empty database).',
    ...(summary
      ? [
          `  The demo company's repair application in progress: ${summary.demo.repairNumber}, query code ${summary.demo.repairQueryCode} (follow it without login on the portal)`,
        ]
      : []),
    '',
    'Demo credentials (HTTP headers; no header = PUBLIC):',
    ...Object.entries(DEMO_API_KEYS).map(
      ([key, binding]) => `  x-api-key: ${key.padEnd(24)} ${binding.role}${binding.unitId ? ` (${binding.unitId})` : ''}`,
    ),
  ];
  if (production) return lines.slice(0, lines.indexOf('Demo credentials (HTTP headers; no header = PUBLIC):')).join('\n');
  if (system.auth.jwt.secret) {
    const personId = personSubjectId(DEMO_PERSON_ID_NUMBER, system.secrets.pseudonymKey);
    lines.push(
      `  authorization: Bearer ${await issueToken(system.auth, { role: 'SUBJECT', sub: DEMO_COMPANY.code })}`,
      `      SUBJECT: ${DEMO_COMPANY.name} (30 days)`,
      `  authorization: Bearer ${await issueToken(system.auth, { role: 'SUBJECT', sub: personId })}`,
      `      SUBJECT: the demo person ${personId} (30 days)`,
    );
  }
  lines.push(
    '',
    'Try, with x-api-key: demo-credit-office — one credit file across the subgraphs:',
    `  curl -s ${system.gateway.url} -H 'content-type: application/json' -H 'x-api-key: demo-credit-office' \\`,
    `    -d '{"query":"{ subjectByCode(code: \\"${DEMO_COMPANY.code}\\") { name creditRecords { category status disclosure { isPublicNow } } repairApplications { number state } listMemberships { list active } supervision { level } } }"}'`,
    '',
  );
  return lines.join('\n');
}

/** Today's public credit report of the demo company (issued once a day), to open in a browser and verify. */
async function demoReport(system: RunningSystem): Promise<string[]> {
  try {
    const response = await fetch(system.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `{ subjectByCode(code: "${DEMO_COMPANY.code}") { creditReport { number htmlUrl pdfUrl verifyUrl } } }`,
      }),
    });
    const report = ((await response.json()) as { data?: { subjectByCode?: { creditReport?: Record<string, string> } } }).data?.subjectByCode
      ?.creditReport;
    if (!report) return [];
    return [
      `Public credit report of ${DEMO_COMPANY.name} (公共信用信息报告 ${report.number}):`,
      `  ${report.htmlUrl}`,
      `  ${report.pdfUrl}`,
      `  verify: ${report.verifyUrl}`,
      '',
    ];
  } catch {
    return [];
  }
}

await runMain(async () => {
  const stopTracing = startTracing('xinyong-taicang');
  const system = await startSystem({
    pglite: memory ? 'memory' : undefined,
    // A production platform starts empty: the demo data set (and its generators, dev-only packages) is for trying it out.
    seed: process.env.SEED ? process.env.SEED !== '0' : !production,
    watchSupergraph: process.env.NODE_ENV !== 'production',
  });
  for (const warning of [...system.secrets.warnings, ...system.auth.warnings, ...loadSigningKey(process.env).warnings]) log.warn(warning);
  log.debug({ sinceProcessStartMs: Math.round(performance.now()), phases: system.phases }, 'start-up phases');
  console.log(await banner(system));
  // Issued after the banner: the platform is ready before the demo report is rendered (about a second of PDF work).
  const report = production ? [] : await demoReport(system);
  if (report.length) console.log(report.join('\n'));
  const stop = async () => {
    log.info({ graceMs: shutdownGraceMs() }, 'shutting down: finishing requests in flight');
    await system.close(shutdownGraceMs());
    await stopTracing();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
