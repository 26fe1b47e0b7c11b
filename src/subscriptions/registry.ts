// The app-wide registry of watchers: one shared, reference-counted watcher per (kind, credential hash, model
// id), started by its first subscriber and stopped when its last one leaves. Keyed by the hash of the
// caller's key, never the key, so two tenants never share a watcher even for the same model id. Where the
// watcher's poller runs is the placement's business: here, or on one instance of a fleet.
import { context, SpanStatusCode, trace, type SpanContext } from '@opentelemetry/api';
import { GatewayError } from '../errors.js';
import type { FinetuningApi } from '../upstream/client.js';
import type { TrainingStepMetrics } from '../finetuning/model.js';
import type { Credential } from '../upstream/credential.js';
import { startDeadline, type Deadline } from '../upstream/deadline.js';
import type { Batch } from './batch.js';
import { Broadcast, type Feed, type Replay } from './broadcast.js';
import type { PollCadence } from './cadence.js';
import { pollStepMetrics, type StepMetricsResume } from './metrics-feed.js';
import { localPlacement, type PollerPlacement, type ResumablePoller, type WatcherId } from './placement.js';
import type { Paging } from './page-walker.js';
import { pollLoop, type Poll } from './poll-loop.js';
import { asStartingPoint, pollStatus, type StatusChange, type StatusResume } from './status-feed.js';

export type { Feed } from './broadcast.js';
export type { StatusChange } from './status-feed.js';

export interface SubscriptionRegistryOptions {
  /** The upstream API for a caller, asked for on every poll, its calls bounded by that poll's `deadline`. */
  connect(credential: Credential, deadline: Deadline): FinetuningApi;
  /** Longest one poll may wait for the upstream; the poll's deadline also ends when its watcher stops. */
  pollDeadlineMs: number;
  cadence: PollCadence;
  /** How events and metric rows are read from the upstream. */
  paging: Paging;
  /** Where pollers run: on this instance (the default), or one per fleet (src/scale-out). */
  placement?: PollerPlacement;
}

/** Whose model a watcher follows. */
interface Watched {
  credential: Credential;
  modelId: string;
}

interface WatcherSpec<T, R> {
  kind: WatcherId['kind'];
  replay: Replay;
  asFirst?(item: T): T;
  /** A poll of one watcher's model: `connect` gives the upstream API, `signal` aborts when the watcher stops. */
  poll(watched: Watched, connect: () => FinetuningApi, signal: AbortSignal, from: R | undefined): Poll<Batch<T, R>>;
}

export class SubscriptionRegistry {
  private readonly watchers = new Map<string, Broadcast<unknown>>();
  private polling = 0;

  constructor(private readonly options: SubscriptionRegistryOptions) {}

  /** The model's current status first, then every change, in order; completes after a terminal status. */
  watchStatus(credential: Credential, modelId: string): Feed<StatusChange> {
    return this.watch(credential, modelId, this.statusSpec);
  }

  /** Every metric row of the run, oldest first: those already written, then each new one; completes after training. */
  watchStepMetrics(credential: Credential, modelId: string): Feed<TrainingStepMetrics> {
    return this.watch(credential, modelId, this.stepMetricsSpec);
  }

  // What each kind of watcher polls: one object per kind, shared by every subscriber.
  private readonly statusSpec: WatcherSpec<StatusChange, StatusResume> = {
    kind: 'status',
    replay: 'latest',
    asFirst: asStartingPoint,
    poll: ({ modelId }, connect, _signal, from) => pollStatus(connect, modelId, this.options.paging, from),
  };

  private readonly stepMetricsSpec: WatcherSpec<TrainingStepMetrics, StepMetricsResume> = {
    kind: 'stepMetrics',
    replay: 'all',
    poll: ({ credential, modelId }, connect, signal, from) =>
      pollStepMetrics(connect, modelId, this.options.paging, this.watchStatus(credential, modelId), signal, from),
  };

  /** Watchers with subscribers on this instance. */
  get size(): number {
    return this.watchers.size;
  }

  /** Pollers running on this instance: one per watcher, unless a fleet polls some of them elsewhere. */
  get pollers(): number {
    return this.polling;
  }

  /** Stops every watcher; their subscribers complete. */
  close(): void {
    for (const watcher of [...this.watchers.values()]) watcher.close();
  }

  private watch<T, R>(credential: Credential, modelId: string, spec: WatcherSpec<T, R>): Feed<T> {
    const key = JSON.stringify([spec.kind, credential.hash, modelId]);
    // The subscription asking, when traced: the poller it may start links its polls to it.
    const startedBy = trace.getSpanContext(context.active());
    // The watcher's broadcast, or a new one, when the subscriber starts to read.
    const broadcast = () => (this.watchers.get(key) as Broadcast<T> | undefined) ?? this.open(key, { credential, modelId }, spec, startedBy);
    return Broadcast.feed(broadcast);
  }

  /** A watcher's broadcast, made for its first subscriber; its poller runs where the placement puts it. */
  private open<T, R>(key: string, watched: Watched, spec: WatcherSpec<T, R>, startedBy: SpanContext | undefined): Broadcast<T> {
    const { connect, cadence, pollDeadlineMs, placement = localPlacement } = this.options;
    const { credential, modelId } = watched;
    const watcher: WatcherId = { kind: spec.kind, credentialHash: credential.hash, modelId, replay: spec.replay };
    const poller: ResumablePoller<T> = {
      start: (from) =>
        pollLoop((signal) => {
          // The signal aborts when the loop stops, however it stops.
          this.polling += 1;
          signal.addEventListener('abort', () => (this.polling -= 1), { once: true });
          // Each poll has a deadline of its own, ended when the poll is over: otherwise its timer, and its listener
          // on the watcher's signal, would stay until the deadline passed, one more per poll.
          let deadline: Deadline | undefined;
          const api = () => connect(credential, (deadline ??= startDeadline(pollDeadlineMs, signal)));
          const poll = spec.poll(watched, api, signal, from as R | undefined);
          const pollWithinDeadline = async () => {
            try {
              return await poll();
            } finally {
              deadline?.end();
              deadline = undefined;
            }
          };
          return tracedPoll(pollWithinDeadline, watcher, startedBy);
        }, cadence),
    };
    const broadcast: Broadcast<T> = new Broadcast<T>({
      open: () => placement.open(watcher, poller),
      replay: spec.replay,
      asFirst: spec.asFirst,
      onClose: () => {
        if (this.watchers.get(key) === broadcast) this.watchers.delete(key);
      },
    });
    this.watchers.set(key, broadcast);
    return broadcast;
  }
}

/**
 * Each poll in a span of its own, with its upstream calls inside (a no-op unless the app registered the OpenTelemetry
 * SDK). A root: a poller outlives, and serves, many subscriptions, so its polls would otherwise pile up in the trace
 * of whichever subscription came first; a link leads to that one instead.
 */
function tracedPoll<T>(poll: Poll<T>, watcher: WatcherId, startedBy: SpanContext | undefined): Poll<T> {
  const options = { root: true, links: startedBy ? [{ context: startedBy }] : [] };
  return () =>
    trace.getTracer('finetuning-graphql-gateway/subscriptions').startActiveSpan('subscription.poll', options, async (span) => {
      if (span.isRecording()) span.setAttributes({ 'finetuning.watcher.kind': watcher.kind, 'finetuning.model.id': watcher.modelId });
      try {
        const result = await poll();
        span.setAttribute('finetuning.poll.batches', result.items.length);
        return result;
      } catch (error) {
        span.setAttribute('error.type', error instanceof GatewayError ? error.code : 'unexpected');
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    });
}
