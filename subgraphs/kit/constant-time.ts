import { timingSafeEqual } from 'node:crypto';

/**
 * Whether two secrets' bytes are equal, in time that does not depend on where they first differ (a MAC, a key's
 * hash, a query code's hash). Different lengths are unequal at once — lengths are not secret here — instead of
 * node's RangeError, which a stored value of the wrong length would otherwise turn into a 500.
 */
export function sameBytes(given: Uint8Array, expected: Uint8Array): boolean {
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The same for text (a bearer secret as sent), compared as UTF-8. */
export function sameText(given: string, expected: string): boolean {
  return sameBytes(Buffer.from(given), Buffer.from(expected));
}
