// Reads a growing upstream list a little at a time: each read returns only the items added since the last
// one, following page tokens, and remembers where it stopped so that pages it has finished are never fetched again.
import type { Page } from '../finetuning/model.js';
import { PageTrail } from '../pagination/connection.js';
import type { CursorPosition } from '../pagination/cursor.js';

export type FetchListPage<T> = (pageToken: string | null, pageSize: number) => Promise<Page<T>>;

/** How a walk reads the upstream: the page size of a fresh walk, and the most pages one read may follow. */
export interface Paging {
  pageSize: number;
  maxPages: number;
}

/** Where a walk stands: the page to resume in (as a connection cursor says it), and how many items were read in all. */
export interface WalkPosition {
  cursor: CursorPosition;
  /** Items read from the start of the list: the index the next new item has. */
  read: number;
}

export class PageWalker<T> {
  private cursor: CursorPosition;
  private read: number;

  /**
   * `from` resumes a walk another walker made (its page size comes with it: a page token is bound to one). One read
   * follows at most `maxPages` pages.
   */
  constructor(
    private readonly paging: Paging,
    from?: WalkPosition,
  ) {
    this.cursor = from?.cursor ?? { pageToken: '', pageSize: paging.pageSize, offset: 0 };
    this.read = from?.read ?? 0;
  }

  get position(): WalkPosition {
    return { cursor: this.cursor, read: this.read };
  }

  /**
   * The items appended since the previous call (on the first call: the whole list), oldest first. The position
   * moves only when the whole walk succeeds, so a failed read loses nothing: the next one starts over from it.
   */
  async readNew(fetchPage: FetchListPage<T>): Promise<T[]> {
    const fresh: T[] = [];
    let { pageToken, offset } = this.cursor;
    const { pageSize } = this.cursor;
    const trail = new PageTrail(this.paging.maxPages);
    for (;;) {
      trail.follow(pageToken);
      const page = await fetchPage(pageToken || null, pageSize);
      fresh.push(...page.items.slice(offset));
      if (!page.nextPageToken) {
        // The end for now: this page is read again next time, for what was added to it since.
        this.cursor = { pageToken, pageSize, offset: Math.max(offset, page.items.length) };
        this.read += fresh.length;
        return fresh;
      }
      pageToken = page.nextPageToken;
      offset = 0;
    }
  }
}
