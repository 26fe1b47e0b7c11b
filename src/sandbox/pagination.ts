import { createHmac, timingSafeEqual } from 'node:crypto';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../finetuning/contract.js';
import { ORDER_BY_VALUES, type WireOrderBy } from '../upstream/wire.js';
import { hashHex } from './hashing.js';
import { HttpError } from './http-io.js';

/** A position in a list; every list is kept sorted ascending by it. */
export type SortKey = readonly [number, string];

export function compareSortKeys(a: SortKey, b: SortKey): number {
  if (a[0] !== b[0]) return a[0] - b[0];
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

/** Binary search: the first index whose key is at or after `key` — strictly after it with `strict`. */
export function searchSorted(length: number, keyAt: (index: number) => SortKey, key: SortKey, strict: boolean): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const comparison = compareSortKeys(keyAt(middle), key);
    if (comparison < 0 || (strict && comparison === 0)) low = middle + 1;
    else high = middle;
  }
  return low;
}

type ListKind = 'models' | 'events' | 'metrics';

/** Which list a page token belongs to: a token only ever continues the list it was minted for. */
export interface ListIdentity {
  tenantHash: string;
  kind: ListKind;
  /** '' for the models list. */
  modelId: string;
}

export interface Page<T> {
  items: T[];
  nextPageToken: string | undefined;
  totalSize: number;
}

type Order = 'asc' | 'desc';

const ORDERS: Readonly<Record<WireOrderBy, Order>> = { created_at: 'asc', 'created_at desc': 'desc' };
const TOKEN_VERSION = 1;

function readPageSize(raw: string | null): number {
  if (raw === null || raw === '') return DEFAULT_PAGE_SIZE;
  const size = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(size <= MAX_PAGE_SIZE)) throw new HttpError(400, `page_size must be an integer between 0 and ${MAX_PAGE_SIZE}`);
  return size === 0 ? DEFAULT_PAGE_SIZE : size;
}

function readOrder(raw: string | null, kind: ListKind): Order {
  if (raw === null || raw === '') return 'asc';
  if (kind === 'metrics') throw new HttpError(400, 'order_by is not supported on training-step metrics');
  const order = ORDER_BY_VALUES.find((value) => value === raw);
  if (order === undefined) {
    throw new HttpError(400, `order_by must be one of ${ORDER_BY_VALUES.map((value) => `"${value}"`).join(', ')}`);
  }
  return ORDERS[order];
}

function isSortKey(value: unknown): value is SortKey {
  return Array.isArray(value) && value.length === 2 && Number.isFinite(value[0]) && typeof value[1] === 'string';
}

/**
 * Keyset pagination with signed, opaque tokens. A token carries the last position served, so a walk yields
 * every item exactly once even while items are added or removed; its HMAC (secret per sandbox) makes it
 * tamper-proof and binds it to one list: tenant, kind, model and order.
 */
export class Paginator {
  constructor(private readonly secret: Buffer) {}

  private sign(payload: string): Buffer {
    return createHmac('sha256', this.secret).update(payload).digest();
  }

  private mint(list: string, last: SortKey): string {
    const payload = Buffer.from(JSON.stringify({ v: TOKEN_VERSION, l: list, k: last })).toString('base64url');
    return `${payload}.${this.sign(payload).toString('base64url')}`;
  }

  private read(token: string, list: string): SortKey {
    const [payload = '', signature = '', ...rest] = token.split('.');
    const expected = this.sign(payload);
    const given = Buffer.from(signature, 'base64url');
    if (rest.length > 0 || given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidToken();
    const content: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof content !== 'object' || content === null) throw invalidToken();
    const { v, l, k } = content as Record<string, unknown>;
    if (v !== TOKEN_VERSION || l !== list || !isSortKey(k)) throw invalidToken();
    return k;
  }

  /** Serves the page that `query` asks for from `sorted` (ascending by `keyOf`). */
  page<T>(
    query: URLSearchParams,
    identity: ListIdentity,
    sorted: readonly T[],
    keyOf: (item: T, index: number) => SortKey,
  ): Page<T> {
    const size = readPageSize(query.get('page_size'));
    const order = readOrder(query.get('order_by'), identity.kind);
    const list = hashHex(JSON.stringify([identity.tenantHash, identity.kind, identity.modelId, order])).slice(0, 24);
    const token = query.get('page_token');
    const after = token ? this.read(token, list) : undefined;
    const keyAt = (index: number): SortKey => keyOf(sorted[index] as T, index);
    let start: number;
    let end: number;
    if (order === 'asc') {
      start = after ? searchSorted(sorted.length, keyAt, after, true) : 0;
      end = Math.min(sorted.length, start + size);
    } else {
      end = after ? searchSorted(sorted.length, keyAt, after, false) : sorted.length;
      start = Math.max(0, end - size);
    }
    const hasMore = order === 'asc' ? end < sorted.length : start > 0;
    const lastIndex = order === 'asc' ? end - 1 : start;
    const items = sorted.slice(start, end);
    return {
      items: order === 'asc' ? items : items.reverse(),
      nextPageToken: hasMore ? this.mint(list, keyAt(lastIndex)) : undefined,
      totalSize: sorted.length,
    };
  }
}

function invalidToken(): HttpError {
  return new HttpError(400, 'invalid page_token');
}
