// The outcomes of a write that a client must tell apart. The schema exposes each as a typed member of the
// mutation's result union; nothing here knows GraphQL.
import type { GatewayError } from '../errors.js';

export interface InputProblem {
  /** Path of the offending field in the mutation's arguments, e.g. ["input", "settings", "datasetId"]. */
  path: string[];
  message: string;
}

export class InvalidFinetunedModelInputError extends Error {
  override readonly name = 'InvalidFinetunedModelInputError';
  readonly code = 'BAD_USER_INPUT';
  constructor(readonly problems: InputProblem[]) {
    const [first] = problems;
    super(first ? `${first.path.join('.')} ${first.message}` : 'The input is not valid.');
  }
  get path(): string[] {
    return this.problems[0]?.path ?? [];
  }
}

export class FinetunedModelNotFoundError extends Error {
  override readonly name = 'FinetunedModelNotFoundError';
  readonly code = 'NOT_FOUND';
  constructor(readonly modelId: string) {
    super(`No fine-tuned model with id ${modelId} exists for this API key.`);
  }
}

export class FinetuningPermissionDeniedError extends Error {
  override readonly name = 'FinetuningPermissionDeniedError';
  readonly code = 'FORBIDDEN';
  constructor() {
    super('This API key is not allowed to change fine-tuned models.');
  }
}

export class FinetuningRateLimitedError extends Error {
  override readonly name = 'FinetuningRateLimitedError';
  readonly code = 'RATE_LIMITED';
  constructor(readonly retryAfterSeconds: number | null) {
    super('The upstream rate limit was reached; nothing was changed. Try again later.');
  }
}

export class FinetunedModelConflictError extends Error {
  override readonly name = 'FinetunedModelConflictError';
  readonly code = 'CONFLICT';
  constructor(
    readonly modelId: string,
    readonly currentUpdatedAt: string | null,
  ) {
    super('The model changed since `ifUpdatedAt`; nothing was written. Read it again and retry.');
  }
}

export class FinetuningIdempotencyKeyReusedError extends Error {
  override readonly name = 'FinetuningIdempotencyKeyReusedError';
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  constructor() {
    super('This idempotency key was already used with a different input; use a new key for a new model.');
  }
}

/** Upstream answers a client can act on become typed results; every other failure stays a (masked) error. */
export function typedWriteError(error: unknown, id?: string): unknown {
  const code = (error as Partial<GatewayError>).code;
  if (code === 'NOT_FOUND' && id !== undefined) return new FinetunedModelNotFoundError(id);
  if (code === 'FORBIDDEN') return new FinetuningPermissionDeniedError();
  if (code === 'RATE_LIMITED') return new FinetuningRateLimitedError((error as GatewayError).retryAfterSeconds ?? null);
  return error;
}
