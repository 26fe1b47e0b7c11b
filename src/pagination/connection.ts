// Forward-only Relay connections over upstream page tokens. Hand-written because no library maps cursors
// onto an upstream that only offers opaque next-page tokens: each edge's cursor resumes right after that
// edge, even in the middle of an upstream page, and `first` larger than a page follows the tokens.
import { compareInstants } from '../finetuning/instants.js';
import type { OrderDirection, Page } from '../finetuning/model.js';
import { badUserInput, GatewayError } from '../errors.js';
import type { CursorCodec, CursorPosition, ItemKey } from './cursor.js';

export interface ForwardArgs {
  first?: number | null;
  after?: string | null;
}

/** `first` when a client gives none, and the most a client may ask for in one page (documented in the schema). */
export const DEFAULT_FIRST = 20;
export const MAX_FIRST = 100;

interface Edge<T> {
  readonly cursor: string;
  readonly node: T;
}

/** Encodes its cursor only when asked: most queries select nodes alone. */
class PositionedEdge<T> implements Edge<T> {
  constructor(
    readonly node: T,
    private readonly cursors: CursorCodec,
    private readonly connection: string,
    private readonly position: CursorPosition,
  ) {}

  get cursor(): string {
    return this.cursors.encode(this.connection, this.position);
  }
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  /** The upstream's `total_size`, when the list has one. */
  totalCount: number | null;
}

export type FetchPage<T> = (pageToken: string, pageSize: number) => Promise<Page<T>>;

/** Checks `first` against the limits; exported so arguments can be rejected before any upstream call. */
export function resolveFirst(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_FIRST;
  if (!Number.isInteger(first) || first < 0) throw badUserInput('`first` must be a non-negative integer.');
  if (first > MAX_FIRST) throw badUserInput(`\`first\` must be at most ${MAX_FIRST}.`);
  return first;
}

/**
 * Where a walk resumes after a cursor's item, in a list that may have changed since the cursor was made: models are
 * created (first in newest-first order) and deleted, so the cursor's page may now hold other items, and its item may
 * have moved to another page. The walk passes over the cursor's item itself and everything that comes before it in
 * the list's order (by creation time), so that nothing is delivered twice and nothing skipped. A cursor without a
 * key resumes at its offset.
 */
class Resume {
  private pending: ItemKey | undefined;

  constructor(
    start: CursorPosition,
    private readonly order: OrderDirection,
  ) {
    this.pending = start.after;
  }

  /** The index in a page the walk starts at: the cursor's offset, or 0 when the cursor knows its item. */
  static startIndex(start: CursorPosition): number {
    return start.after ? 0 : start.offset;
  }

  /** Whether `key` (an item met on the walk) was delivered before the cursor, or is the cursor's own item. */
  passes(key: ItemKey): boolean {
    const after = this.pending;
    if (!after) return false;
    if (key.id === after.id && key.at === after.at) {
      this.pending = undefined;
      return true;
    }
    if (key.at === null || after.at === null) return false;
    const comparison = compareInstants(key.at, after.at);
    if (this.order === 'ASC' ? comparison <= 0 : comparison >= 0) return true;
    // The first item past the cursor's place: its item is gone (deleted), and the walk goes on from here.
    this.pending = undefined;
    return false;
  }
}

export async function forwardConnection<T>(options: {
  /** Identity of this connection; cursors of any other connection are rejected. */
  connection: string;
  cursors: CursorCodec;
  args: ForwardArgs;
  /** Upstream page size for a fresh walk (a cursor carries its own). */
  pageSize: number;
  /** Most upstream pages the walk may follow, whatever `first` needs. */
  maxPages: number;
  fetchPage: FetchPage<T>;
  /** The list's order by creation time. */
  order: OrderDirection;
  /** Where an item stands in the list, carried by its cursor. */
  keyOf: (item: T) => ItemKey;
}): Promise<Connection<T>> {
  const { connection, cursors, args, fetchPage, keyOf } = options;
  const first = resolveFirst(args.first);
  const start: CursorPosition = args.after
    ? cursors.decode(connection, args.after)
    : { pageToken: '', pageSize: options.pageSize, offset: 0 };
  const resume = new Resume(start, options.order);

  const { pageSize } = start;
  // The pages `first` items need from where the walk starts (which may be mid-page), and after a cursor one more,
  // for a list that changed since the cursor was made.
  const pagesNeeded = Math.ceil((start.offset + first) / pageSize) + (start.after ? 2 : 1);
  const trail = new PageTrail(Math.min(options.maxPages, pagesNeeded));
  let pageToken = start.pageToken;
  trail.follow(pageToken);
  let page = await fetchPage(pageToken, pageSize);
  let index = Resume.startIndex(start);
  const edges: Edge<T>[] = [];

  while (edges.length < first) {
    if (index < page.items.length) {
      const node = page.items[index] as T;
      index += 1;
      const key = keyOf(node);
      if (resume.passes(key)) continue;
      // At the end of a page the cursor points at the next page, so resuming costs no re-read of this one.
      const position: CursorPosition =
        index === page.items.length && page.nextPageToken
          ? { pageToken: page.nextPageToken, pageSize, offset: 0, after: key }
          : { pageToken, pageSize, offset: index, after: key };
      edges.push(new PositionedEdge(node, cursors, connection, position));
    } else if (page.nextPageToken) {
      pageToken = page.nextPageToken;
      trail.follow(pageToken);
      page = await fetchPage(pageToken, pageSize);
      index = 0;
    } else {
      break;
    }
  }

  return {
    edges,
    pageInfo: {
      // The upstream promises an empty next_page_token exactly at the end, so this needs no extra call.
      hasNextPage: index < page.items.length || page.nextPageToken !== null,
      hasPreviousPage: Boolean(args.after),
      get startCursor() {
        return edges[0]?.cursor ?? null;
      },
      get endCursor() {
        return edges.at(-1)?.cursor ?? null;
      },
    },
    totalCount: page.totalSize,
  };
}

/**
 * The pages one read of an upstream list follows: at most `maxPages`, and never the same page token twice. An
 * upstream that keeps handing out tokens (or hands one out again) ends the read with UPSTREAM_ERROR instead of
 * making it call on forever.
 */
export class PageTrail {
  private readonly seen = new Set<string>();

  constructor(private readonly maxPages: number) {}

  /** Before fetching the page at `pageToken` ('' for the first page). */
  follow(pageToken: string): void {
    if (this.seen.has(pageToken)) throw new GatewayError('UPSTREAM_ERROR', 'The upstream handed out the same page token twice.');
    if (this.seen.size >= this.maxPages) {
      throw new GatewayError('UPSTREAM_ERROR', `The upstream list went on for more than ${this.maxPages} pages in one read.`);
    }
    this.seen.add(pageToken);
  }
}
