import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { composeSupergraph, SUPERGRAPH_FILE } from '../gateway/composition.js';

const { supergraphSdl, errors, hints } = composeSupergraph();
for (const hint of hints) console.warn(`hint: ${hint}`);
if (!supergraphSdl) {
  for (const error of errors) console.error(`error: ${error}`);
  process.exit(1);
}
writeFileSync(SUPERGRAPH_FILE, supergraphSdl);
console.log(`wrote ${fileURLToPath(SUPERGRAPH_FILE)}`);
