// The key upstream calls are made with, and the identity everything shared between operations is keyed by: a
// hash of the key, never the key itself, so caches, pollers and Redis names can never leak or mix up keys. With a
// secret (CREDENTIAL_HASH_SECRET), the hash is an HMAC: what Redis holds cannot even be checked against a guessed key.
import { createHmac, hash } from 'node:crypto';

export interface Credential {
  /** The Cohere key the upstream calls are made with. */
  apiKey: string;
  /** Stable, non-reversible identity of that key. */
  hash: string;
}

export function hashCredential(apiKey: string, secret?: string): string {
  return secret === undefined ? hash('sha256', apiKey, 'base64url') : createHmac('sha256', secret).update(apiKey).digest('base64url');
}

export const credentialOf = (apiKey: string, secret?: string): Credential => ({ apiKey, hash: hashCredential(apiKey, secret) });
