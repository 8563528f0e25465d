/** `npm run service -- <name>`: one service as its own process (subjects, records, repairs, incentives, reports, gateway). */
const NAMES = ['subjects', 'records', 'repairs', 'incentives', 'reports', 'gateway'];
const name = process.argv[2];
if (!name || !NAMES.includes(name)) {
  console.error(`usage: npm run service -- <${NAMES.join('|')}>`);
  process.exit(2);
}
await import(name === 'gateway' ? '../gateway/main.js' : `../subgraphs/${name}/main.js`);
