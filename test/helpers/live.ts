// Live status as a graphql-ws client sees it, over a real socket: the client, one subscription's messages and end,
// and the life cycle a model goes through.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type FormattedExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { expect, vi } from 'vitest';
import WebSocket from 'ws';

/** The statuses of a job that succeeds, in order. */
export const LIFE_CYCLE = ['QUEUED', 'FINETUNING', 'DEPLOYING_API', 'READY'];

export const MINUTE = 60_000;
/** Longer than a whole job on the sandbox's default schedule (2 + 15 + 3 minutes). */
export const WHOLE_JOB = 30 * MINUTE;

/**
 * Settings of a gateway whose live status tests watch: polls every 20 ms while a job moves (200 ms otherwise), and
 * the client's own retries quick and its breaker (whose Retry-After a watcher honours) shut.
 */
export const FAST_POLLING = {
  POLL_INTERVAL_ACTIVE_MS: '20',
  POLL_INTERVAL_STABLE_MS: '200',
  POLL_BACKOFF_MAX_MS: '100',
  UPSTREAM_RETRY_BASE_MS: '5',
  UPSTREAM_RETRY_MAX_MS: '20',
  BREAKER_FAILURES: '1000',
};

/** The transitions of a life, as [previousStatus, status], the first one being the starting point. */
export const transitions = (statuses: string[]) => statuses.map((status, i) => [i === 0 ? null : statuses[i - 1], status]);

/** A graphql-ws client of the gateway at `httpUrl`, sending `key` (none when null), that never reconnects. */
export function wsClient(httpUrl: string, key: string | null): Client {
  return createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: key === null ? {} : { Authorization: `Bearer ${key}` },
    retryAttempts: 0,
  });
}

/** One `next` payload, as graphql-ws and SSE both deliver it. */
export type Message<R> = FormattedExecutionResult<R, Record<string, unknown>>;

/** One subscription as a client sees it: every message, and how it ended. */
export class Watch<R> {
  readonly messages: Message<R>[] = [];
  /** Resolves when the server completes the stream; rejects on a transport or protocol error. */
  readonly finished: Promise<void>;
  private readonly dispose: () => void;

  constructor(client: Client, document: TypedDocumentNode<R, { id: string }>, id: string) {
    let dispose = () => {};
    this.finished = new Promise((resolve, reject) => {
      dispose = client.subscribe<R, Record<string, unknown>>(
        { query: print(document), variables: { id } },
        { next: (message) => this.messages.push(message), error: reject, complete: resolve },
      );
    });
    this.dispose = dispose;
  }

  unsubscribe(): void {
    this.dispose();
  }

  async received(count: number): Promise<void> {
    await vi.waitFor(() => expect(this.messages.length).toBeGreaterThanOrEqual(count), { timeout: 10_000, interval: 5 });
  }
}

interface StatusChangeData {
  finetunedModelStatusChanged: { previousStatus?: string | null; status: string };
}

/** What a status watch saw, as [previousStatus, status] pairs. */
export const statusesOf = (watch: Watch<StatusChangeData>) =>
  watch.messages.map((m) => [m.data?.finetunedModelStatusChanged.previousStatus, m.data?.finetunedModelStatusChanged.status]);
