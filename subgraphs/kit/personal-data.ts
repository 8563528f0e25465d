import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Subject.id of a natural person: a keyed pseudonym of the ID number, so that every subgraph can
 * derive it from a report without looking anything up, and nobody can reverse it without the key.
 */
export function personSubjectId(idNumber: string, pseudonymKey: Buffer): string {
  return `P-${createHmac('sha256', pseudonymKey).update(idNumber).digest('hex').slice(0, 32)}`;
}

export function isPersonSubjectId(subjectId: string): boolean {
  return subjectId.startsWith('P-');
}

const FORMAT = 'v1';

/** AES-256-GCM: the raw ID number is stored only in this form. */
export function encryptIdNumber(idNumber: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(idNumber, 'utf8'), cipher.final()]);
  return [FORMAT, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join(':');
}

export function decryptIdNumber(stored: string, key: Buffer): string {
  const [format, iv, tag, ciphertext] = stored.split(':');
  if (format !== FORMAT || !iv || !tag || !ciphertext) throw new Error('unknown ID number ciphertext format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}

/** SQL LIKE pattern matching natural persons' subject ids. */
export const PERSON_ID_PATTERN = 'P-%';
