// Which of the contract's routes a request path names, decoding the model id as exactly one path segment.
import { API_PREFIX, ROUTE_NAMES, ROUTES, type RouteName } from '../finetuning/contract.js';

export type RouteMatch =
  | { kind: 'route'; route: RouteName; /** Percent-decoded; '' on the collection routes. */ modelId: string }
  | { kind: 'not-found' }
  | { kind: 'method-not-allowed'; allow: string[] };

type Below = (typeof ROUTES)[RouteName]['below'];

/** Splits the path below API_PREFIX into what follows the model id and the id itself. */
function locate(pathname: string): { below: Below; modelId: string } | undefined {
  if (pathname === API_PREFIX) return { below: null, modelId: '' };
  if (!pathname.startsWith(`${API_PREFIX}/`)) return undefined;
  const [rawId = '', below = '', ...extra] = pathname.slice(API_PREFIX.length + 1).split('/');
  if (rawId === '' || extra.length > 0) return undefined;
  if (!ROUTE_NAMES.some((name) => ROUTES[name].below === below)) return undefined;
  // A lone trailing slash ("…/{id}/") is a different path, not the model itself.
  if (below === '' && pathname.endsWith('/')) return undefined;
  try {
    return { below: below as Below, modelId: decodeURIComponent(rawId) };
  } catch {
    return undefined;
  }
}

export function matchRoute(method: string, pathname: string): RouteMatch {
  const location = locate(pathname);
  if (!location) return { kind: 'not-found' };
  const candidates = ROUTE_NAMES.filter((name) => ROUTES[name].below === location.below);
  const route = candidates.find((name) => ROUTES[name].method === method);
  if (!route) return { kind: 'method-not-allowed', allow: candidates.map((name) => ROUTES[name].method) };
  return { kind: 'route', route, modelId: location.modelId };
}
