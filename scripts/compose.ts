import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { composeSupergraph } from '../gateway/composition.js';
import { SUPERGRAPH_FILE } from '../gateway/supergraph.js';

const { supergraphSdl, errors, hints } = composeSupergraph();
for (const hint of hints) console.warn(`hint: ${hint}`);
if (!supergraphSdl) {
  for (const error of errors) console.error(`error: ${error}`);
  process.exit(1);
}
writeFileSync(SUPERGRAPH_FILE, supergraphSdl);
console.log(`wrote ${fileURLToPath(SUPERGRAPH_FILE)}`);
