import { createHash, randomBytes } from 'node:crypto';

/**
 * The secret in a school's link: 256 random bits, base64url (43 characters). Only its SHA-256 is
 * stored, so a copy of the database does not hold working links.
 */
export function newLinkToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashLinkToken(token) };
}

export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The shape of a token we issue: anything else is not looked up at all. */
export const isLinkTokenShape = (s: string) => /^[A-Za-z0-9_-]{43}$/.test(s);
