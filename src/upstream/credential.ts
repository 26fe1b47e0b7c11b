// The key upstream calls are made with, and the identity everything shared between operations is keyed by: a
// hash of the key, never the key itself, so caches, pollers and Redis names can never leak or mix up keys.
import { hash } from 'node:crypto';

export interface Credential {
  /** The Cohere key the upstream calls are made with. */
  apiKey: string;
  /** Stable, non-reversible identity of that key. */
  hash: string;
}

export function hashCredential(apiKey: string): string {
  return hash('sha256', apiKey, 'base64url');
}

export const credentialOf = (apiKey: string): Credential => ({ apiKey, hash: hashCredential(apiKey) });
