// Client-supplied idempotency keys for creates: a double-submitted create makes one model. Entries live for a
// window (IDEMPOTENCY_WINDOW_SECONDS), per caller and key. One interface, two stores: this instance's memory, or
// (with REDIS_URL) Redis, shared by the fleet (src/scale-out/idempotency-store.ts), so that a retry through any
// instance replays. Both follow the same states: an attempt under way, a model created, or an outcome unknown.
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { FinetunedModel, FinetunedModelWrite } from '../finetuning/model.js';
import { isUpstreamFault } from '../errors.js';
import { FinetuningIdempotencyKeyReusedError } from './errors.js';

/** How long an idempotency key is remembered unless IDEMPOTENCY_WINDOW_SECONDS says otherwise. */
export const DEFAULT_IDEMPOTENCY_WINDOW_SECONDS = 24 * 3600;
/** Longest idempotency key accepted, in characters. */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 128;

type Entry =
  | { state: 'pending'; fingerprint: string; modelId: Promise<string> }
  | { state: 'created'; fingerprint: string; modelId: string }
  /** The upstream may or may not have created the model (timeout, 5xx): a retry looks before it creates. */
  | { state: 'unknown'; fingerprint: string; startedAt: number };

export interface IdempotentCreate {
  model: FinetunedModel;
  /** True when an earlier request with the same key created the model. */
  replayed: boolean;
}

export interface CreateSteps {
  create(): Promise<FinetunedModel>;
  /** Reads a model created by an earlier attempt. */
  read(id: string): Promise<FinetunedModel | null>;
  /** Finds a model this input created at or after `since` (ms), if an attempt of unknown outcome made one. */
  findCreatedSince(since: number): Promise<FinetunedModel | null>;
}

export function fingerprintOf(input: FinetunedModelWrite): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('base64url');
}

export interface IdempotencyStore {
  /**
   * Creates once per `scope` (a hash naming the caller, never a credential) and `key` within the window: a repeat
   * replays the model the first made, waits for an attempt under way, or looks for the model an attempt of unknown
   * outcome may have made before creating. The same key with another `fingerprint` is refused.
   */
  create(scope: string, key: string, fingerprint: string, steps: CreateSteps): Promise<IdempotentCreate>;
}

/** Keys kept by this instance alone: what a single instance needs. */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly entries: LRUCache<string, Entry>;
  private readonly now: () => number;

  constructor(options: { windowMs: number; maxEntries: number; now?: () => number }) {
    this.entries = new LRUCache<string, Entry>({ max: options.maxEntries, ttl: options.windowMs });
    this.now = options.now ?? Date.now;
  }

  async create(scope: string, key: string, fingerprint: string, steps: CreateSteps): Promise<IdempotentCreate> {
    const id = `${scope}\u0000${key}`;
    const entry = this.entries.get(id);
    if (entry && entry.fingerprint !== fingerprint) throw new FinetuningIdempotencyKeyReusedError();
    if (entry?.state === 'pending' || entry?.state === 'created') {
      const model = await steps.read(await entry.modelId);
      if (model) return { model, replayed: true };
      // The model made under this key is gone (deleted): the key may make a new one.
    }
    if (entry?.state === 'unknown') {
      const found = await steps.findCreatedSince(entry.startedAt);
      if (found) {
        this.entries.set(id, { state: 'created', fingerprint, modelId: found.id });
        return { model: found, replayed: true };
      }
    }

    const startedAt = this.now();
    const creating = steps.create();
    const modelId = creating.then((model) => model.id);
    modelId.catch(() => undefined);
    this.entries.set(id, { state: 'pending', fingerprint, modelId });
    try {
      const model = await creating;
      this.entries.set(id, { state: 'created', fingerprint, modelId: model.id });
      return { model, replayed: false };
    } catch (error) {
      // After an upstream fault the upstream may still have created the model.
      if (isUpstreamFault(error)) {
        this.entries.set(id, { state: 'unknown', fingerprint, startedAt });
      } else {
        this.entries.delete(id);
      }
      throw error;
    }
  }
}
