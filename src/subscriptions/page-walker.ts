// Reads a growing upstream list a little at a time: each read returns only the items added since the last
// one, following page tokens, and remembers where it stopped so that pages it has finished are never fetched again.
import type { Page } from '../cohere/domain.js';
import type { CursorPosition } from '../pagination/cursor.js';

export type FetchListPage<T> = (pageToken: string | null, pageSize: number) => Promise<Page<T>>;

export class PageWalker<T> {
  /** Same meaning as a connection cursor's: the page to resume in and how many of its items are consumed. */
  private position: CursorPosition;

  constructor(pageSize: number) {
    this.position = { pageToken: '', pageSize, offset: 0 };
  }

  /**
   * The items appended since the previous call (on the first call: the whole list), oldest first. The position
   * moves only when the whole walk succeeds, so a failed read loses nothing: the next one starts over from it.
   */
  async readNew(fetchPage: FetchListPage<T>): Promise<T[]> {
    const fresh: T[] = [];
    let { pageToken, offset } = this.position;
    const { pageSize } = this.position;
    for (;;) {
      const page = await fetchPage(pageToken || null, pageSize);
      fresh.push(...page.items.slice(offset));
      if (!page.nextPageToken) {
        // The end for now: this page is read again next time, for what was added to it since.
        this.position = { pageToken, pageSize, offset: Math.max(offset, page.items.length) };
        return fresh;
      }
      pageToken = page.nextPageToken;
      offset = 0;
    }
  }
}
