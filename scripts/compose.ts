import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { composeSupergraph } from '../gateway/composition.js';
import { API_SCHEMA_FILE, apiSchemaSdl } from '../gateway/contract.js';
import { SUPERGRAPH_FILE } from '../gateway/supergraph.js';

const result = composeSupergraph();
const { supergraphSdl, errors, hints } = result;
for (const hint of hints) console.warn(`hint: ${hint}`);
if (!supergraphSdl) {
  for (const error of errors) console.error(`error: ${error}`);
  process.exit(1);
}
writeFileSync(SUPERGRAPH_FILE, supergraphSdl);
console.log(`wrote ${fileURLToPath(SUPERGRAPH_FILE)}`);
// The contract clients see (schema/api.graphql): the supergraph's API schema, committed and checked for staleness.
writeFileSync(API_SCHEMA_FILE, `${apiSchemaSdl(result)!}\n`);
console.log(`wrote ${fileURLToPath(API_SCHEMA_FILE)}`);
