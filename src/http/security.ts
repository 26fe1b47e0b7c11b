// HTTP hygiene around the GraphQL endpoint: the request-size cap, CORS with an explicit allowlist (Yoga's default
// reflects any origin), CSRF prevention, and the limits on what one document may ask for.
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { timingSafeEqual } from 'node:crypto';
import { getOperationAST, GraphQLError, Kind, type ValidationContext } from 'graphql';
import type { CORSOptions, Plugin } from 'graphql-yoga';

/** The header CSRF prevention asks of requests a browser could send cross-site without a preflight. */
export const CSRF_HEADER = 'x-graphql-yoga-csrf';

const refuse = (status: number, message: string) =>
  new Response(JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] }), {
    status,
    headers: { 'content-type': 'application/json' },
  });

/** Refuses a body larger than the cap before it is read: by its declared length, or by refusing chunked uploads. */
export function useRequestSizeLimit(maxBytes: number): Plugin {
  return {
    onRequest({ request, endResponse }) {
      if (request.method !== 'POST') return;
      const length = request.headers.get('content-length');
      if (length === null) return endResponse(refuse(411, 'A POST body needs a Content-Length.'));
      if (!/^\d+$/.test(length) || Number(length) > maxBytes) {
        return endResponse(refuse(413, `The request body must be at most ${maxBytes} bytes.`));
      }
    },
  };
}

/**
 * CORS for the listed origins only, with credentials: an origin on the list is answered with itself, any other (and
 * the literal `null` of sandboxed frames) with no CORS header at all. Yoga's own list handling would answer `null`
 * to an unlisted origin once the list has two entries, which a sandboxed iframe on any site matches.
 */
export function corsOptions(origins: readonly string[]): false | ((request: Request) => CORSOptions | false) {
  if (origins.length === 0) return false;
  const allowed = new Set(origins);
  const options: CORSOptions = {
    credentials: true,
    methods: ['GET', 'POST'],
    allowedHeaders: ['authorization', 'content-type', 'x-request-id', CSRF_HEADER],
    // What a browser page may read of an answer beside its body.
    exposedHeaders: ['x-request-id', 'retry-after'],
    maxAge: 600,
  };
  return (request) => {
    const origin = request.headers.get('origin');
    return origin !== null && allowed.has(origin) ? { ...options, origin } : false;
  };
}

/** Every answer may differ by Origin (CORS), so caches must keep them apart, whether or not this one allowed it. */
export function useVaryByOrigin(): Plugin {
  return {
    onResponse({ response }) {
      const vary = response.headers.get('vary');
      if (!vary?.split(',').some((name) => name.trim().toLowerCase() === 'origin')) response.headers.append('vary', 'Origin');
    },
  };
}

/**
 * Whether a browser page from `origin` may talk to us: an allowed origin, or the same origin as the Host it asked for
 * (which `hostAllowed` must have accepted first, or a rebound DNS name would pass). Non-browsers send no Origin.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, security: Pick<SecuritySettings, 'corsOrigins'>): boolean {
  if (!origin) return true;
  if (security.corsOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * Whether a request names a host this gateway serves (ALLOWED_HOSTS): a page on a rebound DNS name (an attacker's
 * name resolving to 127.0.0.1) asks for that name, and is refused. A request without a Host header is not from a
 * browser over the network (the tests' in-process requests).
 */
export function hostAllowed(host: string | null | undefined, allowed: readonly string[] | 'any'): boolean {
  if (allowed === 'any' || !host) return true;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
  return allowed.includes(name.toLowerCase());
}

/** Refuses an HTTP request for a host name the gateway does not serve (see hostAllowed). */
export function useAllowedHosts(allowed: readonly string[] | 'any'): Plugin {
  return {
    onRequest({ request, endResponse }) {
      if (!hostAllowed(request.headers.get('host'), allowed)) endResponse(refuse(421, 'This gateway does not serve that host name.'));
    },
  };
}

/** Whether `value` nests objects or arrays deeper than `maxDepth`; iterative, so any depth is safe to look at. */
function nestsDeeperThan(value: unknown, maxDepth: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, depth] = next;
    if (typeof item !== 'object' || item === null) continue;
    if (depth >= maxDepth) return true;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}

/** Why a request's `variables` or `extensions` are refused before anything reads them, or null. */
export function inputProblem(params: { variables?: unknown; extensions?: unknown }, maxDepth: number): GraphQLError | null {
  for (const part of ['variables', 'extensions'] as const) {
    const value = params[part];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      return new GraphQLError(`\`${part}\` must be a JSON object.`, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
    }
    if (nestsDeeperThan(value, maxDepth)) {
      return new GraphQLError(`\`${part}\` nests deeper than ${maxDepth} levels.`, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
    }
  }
  return null;
}

/**
 * Refuses `variables` and `extensions` that nest too deep (or are not objects) before any plugin, cache key or
 * library walks them: recursive code over a 10,000-deep value would run out of stack.
 */
export function useInputBounds(maxDepth: number): Plugin {
  return {
    onParams({ params, setResult }) {
      const problem = inputProblem(params, maxDepth);
      if (problem) setResult({ errors: [problem] });
    },
  };
}

export interface SecuritySettings {
  /** Origins allowed by CORS (exact matches); empty: no cross-origin access. */
  corsOrigins: string[];
  /** Host names (without port) requests may name; 'any' for every one. */
  allowedHosts: string[] | 'any';
  maxBodyBytes: number;
  introspection: boolean;
  /** With introspection off, what `x-schema-secret` must carry to read the schema anyway. */
  schemaSecret: string | undefined;
  limits: { depth: number; aliases: number; tokens: number; directives: number; cost: number; entities: number; inputDepth: number };
  ws: { maxMessageBytes: number; maxSubscriptionsPerSocket: number; maxConnectionsPerCaller: number; maxConnections: number };
  subscriptions: { perCaller: number; total: number };
}

/** Requests a browser would send cross-site without a preflight (GET, form posts) must carry CSRF_HEADER. */
export function useCsrfPrevention(): Plugin {
  return useCSRFPrevention({ requestHeaders: [CSRF_HEADER] });
}

/** The header that carries SCHEMA_SECRET, for the tools that read a schema the public may not. */
const SCHEMA_SECRET_HEADER = 'x-schema-secret';

/** Whether `request` carries the schema secret (compared in constant time). */
function presentsSchemaSecret(request: Request | undefined, secret: string | undefined): boolean {
  if (secret === undefined || !request) return false;
  const given = Buffer.from(request.headers.get(SCHEMA_SECRET_HEADER) ?? '');
  const expected = Buffer.from(secret);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * With introspection off, the schema is for those who hold SCHEMA_SECRET (a supergraph's composition, a registry's
 * check): introspection and the federation subgraph's `_service { sdl }` — the same schema by another door — are
 * refused to everyone else.
 */
function schemaAccess(schemaSecret: string | undefined): Plugin[] {
  const allowed = (request: Request | undefined) => presentsSchemaSecret(request, schemaSecret);
  const guardSdl: Plugin = {
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      const readsSdl = operation?.selectionSet.selections.some((s) => s.kind === Kind.FIELD && s.name.value === '_service');
      if (!readsSdl || allowed((args.contextValue as { request?: Request }).request)) return;
      const message = `The schema is not public here: send the schema secret in \`${SCHEMA_SECRET_HEADER}\`.`;
      setResultAndStopExecution({ errors: [new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } })] });
    },
  };
  return [useDisableIntrospection({ isDisabled: (request) => !allowed(request) }), blockFieldSuggestionsPlugin(), guardSdl] as Plugin[];
}

/** What one document may ask for (depth, aliases, tokens, directives), and whether it may read the schema. */
export function documentLimits({ limits, introspection, schemaSecret }: SecuritySettings): Plugin[] {
  // GraphQL Armor's own errors carry no code: report each rejection again with a stable one.
  const armor = {
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) => {
        const coded = new GraphQLError(error.message, { extensions: { code: 'QUERY_TOO_COMPLEX' } });
        if (context) context.reportError(coded);
        else throw coded;
      },
    ],
  };
  return [
    maxDepthPlugin({ n: limits.depth, ignoreIntrospection: true, ...armor }),
    maxAliasesPlugin({ n: limits.aliases, allowList: [], ...armor }),
    maxTokensPlugin({ n: limits.tokens, ...armor }),
    maxDirectivesPlugin({ n: limits.directives, ...armor }),
    ...(introspection ? [] : schemaAccess(schemaSecret)),
  ] as Plugin[];
}
