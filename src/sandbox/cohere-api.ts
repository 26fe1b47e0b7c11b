import { STATUS_CODES, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { authenticate, presentedKey } from './auth.js';
import { hashHex } from './hashing.js';
import type { CallLog } from './call-log.js';
import type { SandboxClock } from './clock.js';
import type { Failure, FaultInjector } from './faults.js';
import { HttpError, answerErrors, readJsonBody, sendError, sendJson, sendText } from './http-io.js';
import type { Operations } from './operations.js';
import type { RequestHandler } from './request-handler.js';
import { matchRoute } from './routes.js';
import type { TenantRegistry } from './tenants.js';

export interface CohereApiDeps {
  clock: SandboxClock;
  calls: CallLog;
  faults: FaultInjector;
  tenants: TenantRegistry;
  operations: Operations;
  stopping: AbortSignal;
}

const hashOf = (key: string | null) => (key === null ? null : hashHex(key));

/** Cut off mid-value, as a proxy dropping the connection would leave it. */
const MALFORMED_BODY = '{"finetuned_models":[{"id":"';

function answerFailure(res: ServerResponse, failure: Failure): void {
  switch (failure.kind) {
    case 'hang':
      return; // Held open until the client gives up or the sandbox stops.
    case 'malformed-body':
      return sendText(res, 200, MALFORMED_BODY);
    case 'status': {
      const { status, retryAfterSeconds } = failure;
      const headers: Record<string, string> =
        retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
      return sendError(res, new HttpError(status, (STATUS_CODES[status] ?? 'error').toLowerCase(), headers));
    }
  }
}

/** The Cohere fine-tuning routes: faults, then routing, auth, read-only keys, body, and the operation. */
export function createCohereApi({ clock, calls, faults, tenants, operations, stopping }: CohereApiDeps): RequestHandler {
  return async (req, res, pathname, query) => {
    const method = req.method ?? 'GET';
    const match = matchRoute(method, pathname);
    const clientName = req.headers['x-client-name'];
    const record = calls.begin({
      method,
      route: match.kind === 'route' ? match.route : 'unknown',
      path: pathname,
      keyHash: hashOf(presentedKey(req.headers.authorization)),
      clientName: typeof clientName === 'string' ? clientName : null,
      status: 0,
      at: clock.wallMs(),
    });
    await answerErrors(res, stopping, async () => {
      // Faults strike before anything else, as a flaky load balancer in front of the API would.
      const { delayMs, failure } = faults.decide(record.route, record);
      if (delayMs > 0) await sleep(delayMs, undefined, { signal: stopping });
      if (failure) return answerFailure(res, failure);
      if (match.kind === 'not-found') throw new HttpError(404, 'Not Found');
      if (match.kind === 'method-not-allowed') {
        throw new HttpError(405, 'Method Not Allowed', { allow: match.allow.join(', ') });
      }
      const tenant = tenants.forKey(authenticate(req.headers.authorization));
      if (method !== 'GET' && tenant.readOnly) {
        throw new HttpError(403, 'this api key is not allowed to modify fine-tuned models');
      }
      const body = method === 'POST' || method === 'PATCH' ? await readJsonBody(req) : undefined;
      sendJson(res, 200, operations[match.route]({ tenant, modelId: match.modelId, query, body }));
    });
    record.status = res.headersSent ? res.statusCode : 0;
  };
}
