// What a status watcher does on each poll: read the model, and when its status is not the last one
// delivered, read the events recorded since then so that every intermediate transition is delivered too.
import type { FinetuningApi } from '../upstream/client.js';
import type { FinetunedModel, FinetunedModelEvent, FinetunedModelStatus, Timestamp } from '../finetuning/model.js';
import { IN_PROGRESS_STATUSES, TERMINAL_STATUSES } from '../finetuning/model.js';
import type { Batch, Sequenced } from './batch.js';
import { PageWalker, type Paging, type WalkPosition } from './page-walker.js';
import type { Poll } from './poll-loop.js';

export interface StatusChange {
  /** The model as read by the poll that noticed the change: when one poll catches up on several changes, it may already show a later status. */
  model: FinetunedModel;
  /** null on a subscriber's first message: the status it starts from rather than a change it saw. */
  previousStatus: FinetunedModelStatus | null;
  status: FinetunedModelStatus;
  /** When the upstream recorded the change (its event's time); null when it did not say. */
  changedAt: Timestamp | null;
}

/** Where a status poller stands: the last status delivered, its place, and how far the events were read. */
export interface StatusResume {
  status: FinetunedModelStatus;
  seq: number;
  events: WalkPosition;
}

/** How the current status is shown to a subscriber who joins after it was reached. */
export const asStartingPoint = (change: StatusChange): StatusChange => ({ ...change, previousStatus: null });

/**
 * `connect` gives the upstream API for one poll (each poll gets its own deadline). A change's place is the index
 * of the event that records it, so any poller numbers it alike; `from` resumes where another poller stopped.
 */
export function pollStatus(
  connect: () => FinetuningApi,
  modelId: string,
  paging: Paging,
  from?: StatusResume,
): Poll<Batch<StatusChange, StatusResume>> {
  const events = new PageWalker<FinetunedModelEvent>(paging, from?.events);
  let current: { status: FinetunedModelStatus; seq: number } | undefined = from;

  return async () => {
    const api = connect();
    const model = await api.getModel(modelId);
    const changes: Sequenced<StatusChange>[] = [];
    if (model.status !== current?.status) {
      let previous = current?.status ?? null;
      let seq = current?.seq ?? -1;
      const note = (status: FinetunedModelStatus, changedAt: Timestamp | null, index: number) => {
        if (status === previous) return;
        seq = Math.max(index, seq + 1);
        changes.push({ seq, value: { model, previousStatus: previous, status, changedAt } });
        previous = status;
      };
      const firstIndex = events.position.read;
      const recorded = await events.readNew((pageToken, size) => api.listEvents(modelId, { pageToken, pageSize: size, order: 'ASC' }));
      // A first poll starts from the latest event: the history before it is not news to anyone.
      const skipped = current ? 0 : Math.max(0, recorded.length - 1);
      recorded.slice(skipped).forEach((event, i) => note(event.status, event.createdAt, firstIndex + skipped + i));
      // The events have not recorded the model's status (yet): the model is the only witness, and the event
      // will take the next index. Once it arrives, it repeats the status last delivered and is skipped.
      if (changes.length === 0) note(model.status, model.updatedAt, events.position.read);
    }
    const end = changes.findIndex((change) => TERMINAL_STATUSES.has(change.value.status));
    const delivered = end === -1 ? changes : changes.slice(0, end + 1);
    const last = delivered.at(-1);
    if (last) current = { status: last.value.status, seq: last.seq };
    const pace = IN_PROGRESS_STATUSES.has(current?.status ?? model.status) ? 'active' : 'stable';
    const batches = last ? [{ items: delivered, resume: { status: last.value.status, seq: last.seq, events: events.position } }] : [];
    // A poller resumed after the last change was delivered ends at once.
    return { items: batches, done: current !== undefined && TERMINAL_STATUSES.has(current.status), pace };
  };
}
