import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { SUBGRAPH_NAMES } from '../subgraphs/registry.js';

// One drizzle-kit run per subgraph: each owns its schema, its tables and its migration history.
const only = process.argv[2];
for (const name of SUBGRAPH_NAMES.filter((n) => !only || n === only)) {
  console.log(`== ${name}`);
  execFileSync('npx', ['drizzle-kit', 'generate', '--config', `subgraphs/${name}/drizzle.config.ts`], { stdio: 'inherit' });
  // The migrator keeps each subgraph's journal inside the subgraph's own schema and creates that schema
  // first, so drizzle-kit's plain CREATE SCHEMA must tolerate it already existing.
  const folder = `subgraphs/${name}/migrations`;
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.sql'))) {
    const path = `${folder}/${file}`;
    const text = readFileSync(path, 'utf8');
    const fixed = text.replace(/CREATE SCHEMA "([a-z_]+)";/g, 'CREATE SCHEMA IF NOT EXISTS "$1";');
    if (fixed !== text) writeFileSync(path, fixed);
  }
}
