import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { CallFilter, CallLog } from './call-log.js';
import { type FaultInjector, FaultRuleError, parseFaultRules } from './faults.js';
import { HttpError, answerErrors, readJsonBody, sendJson } from './http-io.js';
import type { RequestHandler } from './request-handler.js';
import { isRouteName } from '../finetuning/contract.js';

export const ADMIN_PREFIX = '/_sandbox/';

export interface AdminApiDeps {
  calls: CallLog;
  faults: FaultInjector;
  stopping: AbortSignal;
  /** What `Authorization: Bearer …` every admin request must carry. */
  token: string;
}

type Endpoint = (req: IncomingMessage, query: URLSearchParams) => unknown;

function readCallFilter(query: URLSearchParams): CallFilter {
  const route = query.get('route') ?? undefined;
  if (route !== undefined && !isRouteName(route)) throw new HttpError(400, `route "${route}" is not a route name`);
  return { route, method: query.get('method') ?? undefined, key: query.get('key') ?? undefined };
}

/** Whether `authorization` is `Bearer <token>`, compared in constant time. */
function presentsToken(authorization: string | undefined, token: string): boolean {
  const given = Buffer.from(authorization ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Control of a sandbox running in another process (benchmarks): the call log (with key hashes, never keys) and the
 * fault rules. Outside the Cohere path space, behind the admin token, and never recorded in the call log.
 */
export function createAdminApi({ calls, faults, stopping, token }: AdminApiDeps): RequestHandler {
  const endpoints: Readonly<Record<string, Readonly<Record<string, Endpoint>>>> = {
    [`${ADMIN_PREFIX}calls`]: {
      GET: (_req, query) => {
        const filter = readCallFilter(query);
        return { count: calls.count(filter), dropped: calls.dropped, calls: calls.list(filter) };
      },
    },
    [`${ADMIN_PREFIX}calls/reset`]: {
      POST: () => {
        calls.reset();
        return {};
      },
    },
    [`${ADMIN_PREFIX}faults`]: {
      PUT: async (req) => {
        const body = await readJsonBody(req);
        try {
          faults.set(parseFaultRules(body));
        } catch (error) {
          throw error instanceof FaultRuleError ? new HttpError(400, error.message) : error;
        }
        return {};
      },
      DELETE: () => {
        faults.clear();
        return {};
      },
    },
  };

  return (req, res, pathname, query) =>
    answerErrors(res, stopping, async () => {
      if (!presentsToken(req.headers.authorization, token)) throw new HttpError(401, 'the admin API needs `Authorization: Bearer <admin token>`');
      const methods = endpoints[pathname];
      if (!methods) throw new HttpError(404, 'Not Found');
      const endpoint = methods[req.method ?? 'GET'];
      if (!endpoint) throw new HttpError(405, 'Method Not Allowed', { allow: Object.keys(methods).join(', ') });
      sendJson(res, 200, await endpoint(req, query));
    });
}
