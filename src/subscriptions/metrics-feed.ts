// What a training-metrics watcher does on each poll: read the metric rows added since the last poll. It
// learns whether training can still add rows from the status watcher of the same model, so it costs no
// model read of its own.
import type { FinetuningApi } from '../upstream/client.js';
import type { FinetunedModelStatus, TrainingStepMetrics } from '../finetuning/model.js';
import type { Batch } from './batch.js';
import type { Feed } from './broadcast.js';
import { PageWalker, type Paging, type WalkPosition } from './page-walker.js';
import type { Poll } from './poll-loop.js';
import type { StatusChange } from './status-feed.js';

/** Statuses in which training can still write metric rows. */
const TRAINING_STATUSES: ReadonlySet<FinetunedModelStatus> = new Set(['QUEUED', 'FINETUNING']);

/** Follows a status stream in the background: the latest status, or the error that ended the stream. */
class StatusFollower {
  latest: FinetunedModelStatus | undefined;
  failure: Error | undefined;
  /** Settles with the first message (or the end of the stream). */
  readonly known: Promise<void>;

  constructor(private readonly stream: Feed<StatusChange>) {
    let settle = () => {};
    this.known = new Promise((resolve) => (settle = resolve));
    void this.follow(settle);
  }

  private async follow(settle: () => void): Promise<void> {
    for await (const message of this.stream) {
      if (message instanceof Error) this.failure = message;
      else this.latest = message.status;
      settle();
    }
    settle();
  }

  stop(): void {
    void this.stream.return?.();
  }
}

/** Where a metrics poller stands: how far the rows were read. */
export interface StepMetricsResume {
  rows: WalkPosition;
}

/**
 * `connect` gives the upstream API for one poll; `signal` aborts when the watcher stops. A row's place is its
 * index in the run's list; `from` resumes where another poller stopped.
 */
export function pollStepMetrics(
  connect: () => FinetuningApi,
  modelId: string,
  paging: Paging,
  statusStream: Feed<StatusChange>,
  signal: AbortSignal,
  from?: StepMetricsResume,
): Poll<Batch<TrainingStepMetrics, StepMetricsResume>> {
  const rows = new PageWalker<TrainingStepMetrics>(paging, from?.rows);
  const status = new StatusFollower(statusStream);
  signal.addEventListener('abort', () => status.stop(), { once: true });

  return async () => {
    await status.known;
    if (status.failure) throw status.failure;
    // Read before the rows, so that rows read after training was seen over are the last there will be.
    const trainingOver = status.latest === undefined || !TRAINING_STATUSES.has(status.latest);
    if (status.latest === 'QUEUED') return { items: [], done: false, pace: 'active' };
    const api = connect();
    const firstIndex = rows.position.read;
    const fresh = await rows.readNew((pageToken, size) => api.listStepMetrics(modelId, { pageToken, pageSize: size }));
    const items = fresh.map((value, i) => ({ seq: firstIndex + i, value }));
    return { items: items.length ? [{ items, resume: { rows: rows.position } }] : [], done: trainingOver, pace: 'active' };
  };
}
