import { createHash, randomBytes, randomInt } from 'node:crypto';

/** Query codes are short passwords for progress look-ups: only a salted hash is kept. */
export function hashQueryCode(number: string, code: string): string {
  return createHash('sha256').update(`${number}:${code}`).digest('hex');
}

const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export function newQueryCode(): string {
  return Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
}

/** Crockford base32: no I, L, O or U, so a number read aloud or copied by hand survives. */
const NUMBER_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const NUMBER_RANDOM_CHARS = 10;

/**
 * A case number (XF20261201…, YY20261201…): the readable prefix and filing day, then 10 random
 * characters (50 bits) instead of a sequence, so nobody can guess another applicant's number and spend
 * its progress look-up attempts. Upper case, as the progress look-up upper-cases what it is given.
 * Certificates keep sequential numbers (kit/numbering.ts): they are cited publicly.
 */
export function newCaseNumber(prefix: 'XF' | 'YY', day: string): string {
  // 256 is a multiple of 32: the low five bits of each byte are uniform.
  const random = [...randomBytes(NUMBER_RANDOM_CHARS)].map((byte) => NUMBER_ALPHABET[byte & 31]).join('');
  return `${prefix}${day.replaceAll('-', '')}${random}`;
}

/** Tries a fresh number until one is free (the unique index decides); a collision is a 2^-50 event, five tries are plenty. */
export async function withFreshNumber<T>(prefix: 'XF' | 'YY', day: string, insert: (number: string) => Promise<T | undefined>): Promise<T> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = await insert(newCaseNumber(prefix, day));
    if (row !== undefined) return row;
  }
  throw new Error(`no free ${prefix} case number after 5 attempts`);
}
