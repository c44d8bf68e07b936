import { randomBytes } from 'node:crypto';

/** A strong verify token: 24 URL-safe random characters (reference §6), never an `EAA…` access token. */
export function generateVerifyToken(): string {
  return randomBytes(18).toString('base64url');
}
