// Who is calling, for both transports alike: an HTTP request's Authorization header and a WebSocket's connection
// params go through the same parser and the same authenticator. Two modes:
// - pass-through: the caller's own Cohere key arrives as the bearer token and is used for its upstream calls;
// - jwt: the gateway holds COHERE_API_KEY and callers present a JWT (shared secret or JWKS) whose scopes separate
//   reading from writing.
import { hash } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';
import { GatewayError } from '../errors.js';
import { credentialOf, type Credential } from '../upstream/credential.js';

type Scope = 'read' | 'write';

export interface Principal {
  /** The key upstream calls are made with; null when the caller brought none and the gateway holds none. */
  credential: Credential | null;
  scopes: ReadonlySet<Scope>;
  /**
   * Who is calling, as far as per-caller state must be kept apart (idempotency keys, connection caps): a hash of the
   * key the caller sent (pass-through), or of the token's issuer and subject (jwt); null for a caller who sent
   * nothing, even when the gateway's own key serves them.
   */
  identity: string | null;
  /** The gateway checked the credential itself (a JWT); a pass-through key is checked by the upstream, call by call. */
  verified: boolean;
}

/** The caller of one request or connection: a broken credential is kept as `authError`, for refusal before execution. */
export interface Caller {
  principal: Principal;
  authError: GatewayError | null;
}

export interface AuthConfig {
  mode: 'passthrough' | 'jwt';
  /** Keys the credential hashes (an HMAC) when set; the same on every instance of a fleet. */
  hashSecret?: string | undefined;
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

/** Where a transport carries the credential: HTTP headers, or a graphql-ws `connection_init` payload. */
type CredentialSource = { headers: Headers } | { connectionParams: Readonly<Record<string, unknown>> };

export interface Authenticator {
  /** Resolves a request's (or connection's) credential into a caller; never throws for a bad credential. */
  identify(source: CredentialSource): Promise<Caller>;
}

const ALL_SCOPES: ReadonlySet<Scope> = new Set(['read', 'write']);
const NOBODY: Principal = { credential: null, scopes: new Set(), identity: null, verified: false };

const invalid = (message: string) => new GatewayError('UNAUTHENTICATED', message);

/** The Authorization value as sent: over WebSocket whatever JSON the client put there (parseBearer refuses a non-string). */
function authorizationOf(source: CredentialSource): unknown {
  if ('headers' in source) return source.headers.get('authorization');
  return source.connectionParams.Authorization ?? source.connectionParams.authorization ?? null;
}

/** Longest bearer token accepted, in characters: room for any JWT or API key, not for a header meant to hurt. */
const MAX_CREDENTIAL_LENGTH = 4096;

/**
 * A bearer token as RFC 7235 defines it (token68: visible ASCII letters, digits and `-._~+/`, then `=` padding), of
 * bounded length. Anything else could not travel upstream in a header (HTTP clients refuse control characters and
 * non-Latin-1 text), so it is refused here, as the caller's mistake, before any work is done with it.
 */
export function isBearerToken(token: string): boolean {
  return token.length <= MAX_CREDENTIAL_LENGTH && /^[A-Za-z0-9\-._~+/]+=*$/.test(token);
}

/** `Bearer <token>` → token; absent → null; anything else is a broken credential and fails loudly. */
function parseBearer(header: unknown): string | null {
  if (header === null || header === undefined || (typeof header === 'string' && header.trim() === '')) return null;
  const match = typeof header === 'string' ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header) : null;
  if (!match?.[1]) throw invalid('The Authorization header must be `Bearer <token>`.');
  if (!isBearerToken(match[1])) {
    throw invalid(`The bearer token must be an RFC 7235 token68 (letters, digits and -._~+/ then = padding) of at most ${MAX_CREDENTIAL_LENGTH} characters.`);
  }
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

/** The principal behind a bearer token (null: none sent); throws UNAUTHENTICATED. */
type Verify = (bearer: string | null) => Promise<Principal>;

/**
 * An identity no two different callers can share: a hash of a structured value, so that an issuer ending in the
 * separator, or a token without a subject, cannot pass for someone else.
 */
const identityOf = (...parts: (string | null)[]) => hash('sha256', JSON.stringify(parts), 'base64url');

/** Pass-through principals kept for the keys seen last: a key's two hashes are computed once, not per request. */
const RECENT_KEYS = 1_000;

function passThrough(config: AuthConfig): Verify {
  const server = config.serverApiKey === undefined ? null : credentialOf(config.serverApiKey, config.hashSecret);
  const anonymous: Principal = { credential: server, scopes: ALL_SCOPES, identity: null, verified: false };
  // Principals are never changed once made, so one object can serve every request with the same key.
  const recent = new LRUCache<string, Principal>({ max: RECENT_KEYS });
  return async (bearer) => {
    if (bearer === null) return anonymous;
    let principal = recent.get(bearer);
    if (!principal) {
      const credential = credentialOf(bearer, config.hashSecret);
      // The upstream decides what the key may do; the gateway adds no scopes of its own.
      principal = { credential, scopes: ALL_SCOPES, identity: identityOf('key', credential.hash), verified: false };
      recent.set(bearer, principal);
    }
    return principal;
  };
}

function jwtVerifier(config: AuthConfig): Verify {
  const jwt = config.jwt;
  if (!config.serverApiKey) throw new Error('jwt mode needs COHERE_API_KEY: the key the gateway calls Cohere with');
  if (!jwt || (!jwt.secret && !jwt.jwksUrl)) throw new Error('jwt mode needs JWT_SECRET or JWT_JWKS_URL');
  const server = credentialOf(config.serverApiKey, config.hashSecret);
  const key: Uint8Array | JWTVerifyGetKey = jwt.jwksUrl ? createRemoteJWKSet(new URL(jwt.jwksUrl)) : new TextEncoder().encode(jwt.secret);
  const options = {
    issuer: jwt.issuer,
    audience: jwt.audience,
    algorithms: jwt.jwksUrl ? ['RS256', 'ES256', 'PS256', 'EdDSA'] : ['HS256', 'HS384', 'HS512'],
    // A token without a subject names nobody, and one without an expiry never ends.
    requiredClaims: ['sub', 'exp'],
  };
  return async (bearer) => {
    if (bearer === null) return NOBODY;
    let payload: JWTPayload;
    try {
      ({ payload } = typeof key === 'function' ? await jwtVerify(bearer, key, options) : await jwtVerify(bearer, key, options));
    } catch {
      // jose's reason (expired, bad signature, wrong audience…) stays out of the answer: it helps an attacker.
      throw invalid('The bearer token is not valid.');
    }
    return { credential: server, scopes: scopesOf(payload, jwt), identity: identityOf('jwt', payload.iss ?? null, payload.sub!), verified: true };
  };
}

export function createAuthenticator(config: AuthConfig): Authenticator {
  const verify = config.mode === 'passthrough' ? passThrough(config) : jwtVerifier(config);
  return {
    async identify(source) {
      try {
        return { principal: await verify(parseBearer(authorizationOf(source))), authError: null };
      } catch (error) {
        if (error instanceof GatewayError) return { principal: NOBODY, authError: error };
        throw error;
      }
    },
  };
}
