import { API_PREFIX } from '../finetuning/contract.js';

export const ROUTE_NAMES = [
  'listModels',
  'createModel',
  'getModel',
  'updateModel',
  'deleteModel',
  'listEvents',
  'listStepMetrics',
] as const;
export type RouteName = (typeof ROUTE_NAMES)[number];

/** Where a route lives below API_PREFIX: `null` for the collection itself, otherwise the part after `/{id}`. */
type RouteSuffix = null | '' | 'events' | 'training-step-metrics';

const ROUTES: readonly { name: RouteName; method: string; suffix: RouteSuffix }[] = [
  { name: 'listModels', method: 'GET', suffix: null },
  { name: 'createModel', method: 'POST', suffix: null },
  { name: 'getModel', method: 'GET', suffix: '' },
  { name: 'updateModel', method: 'PATCH', suffix: '' },
  { name: 'deleteModel', method: 'DELETE', suffix: '' },
  { name: 'listEvents', method: 'GET', suffix: 'events' },
  { name: 'listStepMetrics', method: 'GET', suffix: 'training-step-metrics' },
];

export type RouteMatch =
  | { kind: 'route'; route: RouteName; /** Percent-decoded; '' on the collection routes. */ modelId: string }
  | { kind: 'not-found' }
  | { kind: 'method-not-allowed'; allow: string[] };

export function isRouteName(value: unknown): value is RouteName {
  return ROUTE_NAMES.some((name) => name === value);
}

/** Splits the path below API_PREFIX into a suffix and the model id, decoding the id as exactly one segment. */
function locate(pathname: string): { suffix: RouteSuffix; modelId: string } | undefined {
  if (pathname === API_PREFIX) return { suffix: null, modelId: '' };
  if (!pathname.startsWith(`${API_PREFIX}/`)) return undefined;
  const [rawId = '', suffix = '', ...extra] = pathname.slice(API_PREFIX.length + 1).split('/');
  if (rawId === '' || extra.length > 0) return undefined;
  if (suffix !== '' && suffix !== 'events' && suffix !== 'training-step-metrics') return undefined;
  // A lone trailing slash ("…/{id}/") is a different path, not the model itself.
  if (suffix === '' && pathname.endsWith('/')) return undefined;
  try {
    return { suffix, modelId: decodeURIComponent(rawId) };
  } catch {
    return undefined;
  }
}

export function matchRoute(method: string, pathname: string): RouteMatch {
  const location = locate(pathname);
  if (!location) return { kind: 'not-found' };
  const candidates = ROUTES.filter((route) => route.suffix === location.suffix);
  const route = candidates.find((candidate) => candidate.method === method);
  if (!route) return { kind: 'method-not-allowed', allow: candidates.map((candidate) => candidate.method) };
  return { kind: 'route', route: route.name, modelId: location.modelId };
}
