/**
 * Offline verification of a credit report PDF with the platform's public key alone (no platform, no
 * database): the attached report.json must be signed by the key (report.sig, Ed25519), and the pages
 * must say exactly what that signed content says.
 *
 *   npm run verify-report -- TCXY….pdf [--key key.pem] [--base https://xinyong.taicang.gov.cn]
 *
 * --key   the public key (PEM), from /.well-known/credit-report-key.pem; default ./key.pem
 * --base  the platform's public address: the pages' verification address must be this one; without it
 *         the address the pages name is printed, to be checked by the reader
 * Exit 0: 真实有效，内容与签名一致. Exit 1: the problem, with the first difference. Exit 2: usage.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { verifyReportFile } from '../subgraphs/reports/verify.js';

const usage = 'usage: npm run verify-report -- <report.pdf> [--key key.pem] [--base https://platform.example]';
let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { key: { type: 'string', default: 'key.pem' }, base: { type: 'string' } } });
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}
const [file] = parsed.positionals;
if (!file || parsed.positionals.length > 1) {
  console.error(usage);
  process.exit(2);
}
let key: KeyObject;
let bytes: Buffer;
try {
  key = createPublicKey(readFileSync(parsed.values.key));
  bytes = readFileSync(file);
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}
const result = await verifyReportFile(bytes, key, { base: parsed.values.base });
(result.ok ? console.log : console.error)(result.message);
process.exit(result.ok ? 0 : 1);
