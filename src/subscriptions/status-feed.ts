// What a status watcher does on each poll: read the model, and when its status is not the last one
// delivered, read the events recorded since then so that every intermediate transition is delivered too.
import type { CohereApi } from '../cohere/client.js';
import type { FinetunedModel, FinetunedModelEvent, FinetunedModelStatus, Timestamp } from '../cohere/domain.js';
import { IN_PROGRESS_STATUSES, TERMINAL_STATUSES } from '../cohere/domain.js';
import { PageWalker } from './page-walker.js';
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

/** How the current status is shown to a subscriber who joins after it was reached. */
export const asStartingPoint = (change: StatusChange): StatusChange => ({ ...change, previousStatus: null });

/** `connect` gives the upstream API for one poll (each poll gets its own deadline). */
export function pollStatus(connect: () => CohereApi, modelId: string, pageSize: number): Poll<StatusChange> {
  const events = new PageWalker<FinetunedModelEvent>(pageSize);
  let current: StatusChange | undefined;

  return async () => {
    const api = connect();
    const model = await api.getModel(modelId);
    const changes: StatusChange[] = [];
    if (model.status !== current?.status) {
      let previous = current?.status ?? null;
      const note = (status: FinetunedModelStatus, changedAt: Timestamp | null) => {
        if (status === previous) return;
        changes.push({ model, previousStatus: previous, status, changedAt });
        previous = status;
      };
      const recorded = await events.readNew((pageToken, size) => api.listEvents(modelId, { pageToken, pageSize: size, order: 'ASC' }));
      // A first poll starts from the latest event: the history before it is not news to anyone.
      for (const event of current ? recorded : recorded.slice(-1)) note(event.status, event.createdAt);
      // The events have not recorded the model's status (yet): the model is the only witness. Once the event
      // arrives, it repeats the status last delivered and is skipped.
      if (changes.length === 0) note(model.status, model.updatedAt);
    }
    const end = changes.findIndex((change) => TERMINAL_STATUSES.has(change.status));
    const delivered = end === -1 ? changes : changes.slice(0, end + 1);
    current = delivered.at(-1) ?? current;
    const pace = IN_PROGRESS_STATUSES.has(current?.status ?? model.status) ? 'active' : 'stable';
    return { items: delivered, done: end !== -1, pace };
  };
}
