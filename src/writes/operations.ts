// The three writes, as the schema's mutations run them: validate first (no upstream call on bad input), call
// the upstream once, map what a client can act on to typed errors, and keep the operation's loaders truthful.
import type { FinetuningApi } from '../upstream/client.js';
import { isValidId } from '../finetuning/contract.js';
import type { FinetunedModel } from '../finetuning/model.js';
import type { Loaders } from '../loaders/index.js';
import {
  FinetunedModelConflictError,
  FinetunedModelNotFoundError,
  InvalidFinetunedModelInputError,
  typedWriteError,
} from './errors.js';
import { fingerprintOf, type IdempotencyStore, type IdempotentCreate } from './idempotency.js';
import { sameInstant } from '../finetuning/instants.js';
import { mergeUpdate } from './merge-update.js';
import { validateCreate, validateUpdate, type CreateInput, type UpdateInput } from './validate.js';

export interface WriteDeps {
  api: FinetuningApi;
  loaders: Loaders;
  /** Whose idempotency keys these are; null for an anonymous caller. */
  identity: string | null;
  idempotency: IdempotencyStore;
  /** Page size of the list read that looks for a model an earlier attempt may have created. */
  pageSize: number;
}

/** How far the upstream's clock may differ from ours when looking for a model an earlier attempt created. */
const CLOCK_SKEW_MS = 60_000;

async function mapped<T>(call: Promise<T>, id?: string): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw typedWriteError(error, id);
  }
}

export async function createFinetunedModel(deps: WriteDeps, input: CreateInput): Promise<IdempotentCreate> {
  const { idempotencyKey, ...model } = validateCreate(input);
  // Keys are kept per caller: an anonymous caller's would be shared with every other anonymous caller.
  if (idempotencyKey && !deps.identity) {
    throw new InvalidFinetunedModelInputError([
      { path: ['input', 'idempotencyKey'], message: 'needs a caller of its own: send your own key (or a token) to use idempotency keys' },
    ]);
  }
  const create = () => mapped(deps.api.createModel(model));
  const result =
    idempotencyKey && deps.identity
      ? await deps.idempotency.create(deps.identity, idempotencyKey, fingerprintOf(model), {
          create,
          read: (id) => mapped(deps.loaders.modelById.load(id)),
          findCreatedSince: async (since) => {
            const page = await mapped(deps.api.listModels({ pageSize: deps.pageSize, pageToken: null, order: 'DESC' }));
            return (
              page.items.find(
                (m) =>
                  m.name === model.name &&
                  m.settings.datasetId === model.settings.datasetId &&
                  Date.parse(m.createdAt ?? '') >= since - CLOCK_SKEW_MS,
              ) ?? null
            );
          },
        })
      : { model: await create(), replayed: false };
  deps.loaders.recordWrite(result.model.id, result.model);
  return result;
}

async function existing(deps: WriteDeps, id: string): Promise<FinetunedModel> {
  const model = await mapped(deps.loaders.modelById.load(id), id);
  if (!model) throw new FinetunedModelNotFoundError(id);
  return model;
}

export async function updateFinetunedModel(deps: WriteDeps, input: UpdateInput): Promise<FinetunedModel> {
  validateUpdate(input);
  const current = await existing(deps, input.id);
  if (input.ifUpdatedAt && !sameInstant(input.ifUpdatedAt, current.updatedAt)) {
    throw new FinetunedModelConflictError(current.id, current.updatedAt);
  }
  const updated = await mapped(deps.api.updateModel(current.id, mergeUpdate(current, input)), current.id);
  deps.loaders.recordWrite(updated.id, updated);
  return updated;
}

export async function deleteFinetunedModel(deps: WriteDeps, id: string): Promise<FinetunedModel> {
  if (!isValidId(id)) {
    throw new InvalidFinetunedModelInputError([{ path: ['id'], message: 'is not a valid fine-tuned model id' }]);
  }
  const current = await existing(deps, id);
  await mapped(deps.api.deleteModel(id), id);
  deps.loaders.recordWrite(id, null);
  return current;
}

