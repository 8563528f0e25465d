/**
 * `npm run apikey -- <issue|revoke|list> ...`: manages the gateway's API key file (API_KEYS_FILE, default
 * config/api-keys.json). Only each key's SHA-256 is stored; the key itself is printed once, at issue.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { parseApiKeys, sha256Hex, type ApiKeyEntry } from '../gateway/auth.js';
import { ROLES, type Role } from '../subgraphs/kit/principal.js';

const USAGE = `usage:
  npm run apikey -- issue --id <name> --role <${ROLES.filter((r) => r !== 'PUBLIC').join('|')}> [--unit <unit id>] [--subject <subject id>]
  npm run apikey -- revoke --id <name>
  npm run apikey -- list
options: --file <path>   the key file (default: $API_KEYS_FILE or config/api-keys.json)`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    id: { type: 'string' },
    role: { type: 'string' },
    unit: { type: 'string' },
    subject: { type: 'string' },
    file: { type: 'string' },
  },
});
const file = values.file ?? process.env.API_KEYS_FILE ?? 'config/api-keys.json';
const keys: ApiKeyEntry[] = existsSync(file) ? parseApiKeys(readFileSync(file, 'utf8'), file) : [];

/** Written beside and renamed over, so the gateway never reads a half-written file. */
function save(entries: ApiKeyEntry[]): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(entries, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

switch (positionals[0]) {
  case 'issue': {
    const id = values.id ?? fail('--id is required');
    const role = (values.role ?? fail('--role is required')) as Role;
    if (!ROLES.includes(role) || role === 'PUBLIC') fail(`--role must be one of ${ROLES.filter((r) => r !== 'PUBLIC').join(', ')}`);
    if (keys.some((key) => key.id === id)) fail(`--id ${id} already exists in ${file}`);
    const key = `xt_${randomBytes(24).toString('base64url')}`;
    const entry: ApiKeyEntry = { id, sha256: sha256Hex(key), role, createdAt: new Date().toISOString() };
    if (values.unit) entry.unitId = values.unit;
    if (values.subject) entry.subjectId = values.subject;
    const next = [...keys, entry];
    try {
      parseApiKeys(JSON.stringify(next), 'the new key'); // the same validation the gateway applies
    } catch (error) {
      fail((error as Error).message);
    }
    save(next);
    console.log(
      `Issued ${id} (${role}${entry.unitId ? `, ${entry.unitId}` : ''}) in ${file}.\nAPI key, shown only now — hand it over securely:\n${key}`,
    );
    break;
  }
  case 'revoke': {
    const id = values.id ?? fail('--id is required');
    const entry = keys.find((key) => key.id === id) ?? fail(`no key with --id ${id} in ${file}`);
    entry.revoked = true;
    entry.revokedAt = new Date().toISOString();
    save(keys);
    console.log(`Revoked ${id}. A gateway reading ${file} refuses it within a second.`);
    break;
  }
  case 'list':
    for (const key of keys)
      console.log(
        `${key.id.padEnd(24)} ${key.role.padEnd(22)} ${(key.unitId ?? key.subjectId ?? '').padEnd(20)} ${key.revoked ? `revoked ${key.revokedAt ?? ''}` : 'active'}`,
      );
    break;
  default:
    fail('say what to do: issue, revoke or list');
}
