// Who may call, in one of two modes:
// - pass-through: the caller's own Cohere key arrives as the bearer token and is used for its upstream calls;
// - jwt: the gateway holds COHERE_API_KEY and callers present a JWT (shared secret or JWKS) whose scopes
//   separate reading from writing.
import { hash } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { GatewayError } from '../errors.js';

export type Scope = 'read' | 'write';

export interface Credential {
  /** The Cohere key the upstream calls are made with. */
  apiKey: string;
  /** Stable, non-reversible identity of that key: what caches and pollers are keyed by, never the key. */
  hash: string;
}

export interface Principal {
  credential: Credential | null;
  scopes: ReadonlySet<Scope>;
  /**
   * Who is calling, as far as per-caller state must be kept apart (idempotency keys, connection caps): the
   * credential hash in pass-through mode, the token's issuer and subject in jwt mode.
   */
  identity: string | null;
}

export interface AuthConfig {
  mode: 'passthrough' | 'jwt';
  /** Pass-through: used when a request brings no key. Jwt: the key every upstream call is made with. */
  serverApiKey: string | undefined;
  jwt?: {
    secret?: string;
    jwksUrl?: string;
    issuer?: string;
    audience?: string;
    readScope: string;
    writeScope: string;
  };
}

export function hashCredential(apiKey: string): string {
  return hash('sha256', apiKey, 'base64url');
}

export const credentialOf = (apiKey: string): Credential => ({ apiKey, hash: hashCredential(apiKey) });
const ALL_SCOPES: ReadonlySet<Scope> = new Set(['read', 'write']);

const unauthenticated = (message: string) =>
  new GatewayError('UNAUTHENTICATED', message);

/** `Bearer <token>` → token; absent → null; anything else is a broken credential and fails loudly. */
export function parseBearer(header: string | null | undefined): string | null {
  if (header === null || header === undefined || header.trim() === '') return null;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  if (!match?.[1]) throw unauthenticated('The Authorization header must be `Bearer <token>`.');
  return match[1];
}

function scopesOf(payload: JWTPayload, config: NonNullable<AuthConfig['jwt']>): Set<Scope> {
  const raw = payload.scope ?? payload.scp;
  const granted = new Set(Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(' ') : []);
  const scopes = new Set<Scope>();
  if (granted.has(config.readScope) || granted.has(config.writeScope)) scopes.add('read');
  if (granted.has(config.writeScope)) scopes.add('write');
  return scopes;
}

export interface Authenticator {
  /** Resolves the bearer token of a request (or connection) into a principal; throws UNAUTHENTICATED. */
  authenticate(bearer: string | null): Promise<Principal>;
}

export function createAuthenticator(config: AuthConfig): Authenticator {
  if (config.mode === 'passthrough') {
    return {
      async authenticate(bearer) {
        const apiKey = bearer ?? config.serverApiKey ?? null;
        const credential = apiKey === null ? null : credentialOf(apiKey);
        // The upstream decides what the key may do; the gateway adds no scopes of its own.
        return { credential, scopes: ALL_SCOPES, identity: credential?.hash ?? null };
      },
    };
  }

  const jwt = config.jwt;
  if (!config.serverApiKey) throw new Error('jwt mode needs COHERE_API_KEY: the key the gateway calls Cohere with');
  if (!jwt || (!jwt.secret && !jwt.jwksUrl)) throw new Error('jwt mode needs JWT_SECRET or JWT_JWKS_URL');
  const server = credentialOf(config.serverApiKey);
  const key: Uint8Array | JWTVerifyGetKey = jwt.jwksUrl
    ? createRemoteJWKSet(new URL(jwt.jwksUrl))
    : new TextEncoder().encode(jwt.secret);
  const options = {
    issuer: jwt.issuer,
    audience: jwt.audience,
    algorithms: jwt.jwksUrl ? ['RS256', 'ES256', 'PS256', 'EdDSA'] : ['HS256', 'HS384', 'HS512'],
  };
  return {
    async authenticate(bearer) {
      if (bearer === null) return { credential: null, scopes: new Set(), identity: null };
      let payload: JWTPayload;
      try {
        ({ payload } =
          typeof key === 'function' ? await jwtVerify(bearer, key, options) : await jwtVerify(bearer, key, options));
      } catch {
        // jose's reason (expired, bad signature, wrong audience…) stays out of the answer: it helps an attacker.
        throw unauthenticated('The bearer token is not valid.');
      }
      return { credential: server, scopes: scopesOf(payload, jwt), identity: `${payload.iss ?? ''}|${payload.sub ?? ''}` };
    },
  };
}
