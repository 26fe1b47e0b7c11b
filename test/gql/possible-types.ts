
      export type PossibleTypesResultData = {
  "possibleTypes": {
    "CreateFinetunedModelResult": [
      "CreateFinetunedModelPayload",
      "FinetuningIdempotencyKeyReusedError",
      "FinetuningPermissionDeniedError",
      "FinetuningRateLimitedError",
      "InvalidFinetunedModelInputError"
    ],
    "DeleteFinetunedModelResult": [
      "DeleteFinetunedModelPayload",
      "FinetunedModelNotFoundError",
      "FinetuningPermissionDeniedError",
      "FinetuningRateLimitedError",
      "InvalidFinetunedModelInputError"
    ],
    "FinetuningError": [
      "FinetunedModelConflictError",
      "FinetunedModelNotFoundError",
      "FinetuningIdempotencyKeyReusedError",
      "FinetuningPermissionDeniedError",
      "FinetuningRateLimitedError",
      "InvalidFinetunedModelInputError"
    ],
    "Node": [
      "FinetunedModel"
    ],
    "UpdateFinetunedModelResult": [
      "FinetunedModelConflictError",
      "FinetunedModelNotFoundError",
      "FinetuningPermissionDeniedError",
      "FinetuningRateLimitedError",
      "InvalidFinetunedModelInputError",
      "UpdateFinetunedModelPayload"
    ]
  }
};
      const result: PossibleTypesResultData = {
  "possibleTypes": {
    "CreateFinetunedModelResult": [
      "CreateFinetunedModelPayload",
      "FinetuningIdempotencyKeyReusedError",
      "FinetuningPermissionDeniedError",
      "FinetuningRateLimitedError",
      "InvalidFinetunedModelInputError"
    ],
    "DeleteFinetunedModelResult": [
      "DeleteFinetunedModelPayload",
      "FinetunedModelNotFoundError",
      "FinetuningPermissionDeniedError",
      "FinetuningRateLimitedError",
      "InvalidFinetunedModelInputError"
    ],
    "FinetuningError": [
      "FinetunedModelConflictError",
      "FinetunedModelNotFoundError",
      "FinetuningIdempotencyKeyReusedError",
      "FinetuningPermissionDeniedError",
      "FinetuningRateLimitedError",
      "InvalidFinetunedModelInputError"
    ],
    "Node": [
      "FinetunedModel"
    ],
    "UpdateFinetunedModelResult": [
      "FinetunedModelConflictError",
      "FinetunedModelNotFoundError",
      "FinetuningPermissionDeniedError",
      "FinetuningRateLimitedError",
      "InvalidFinetunedModelInputError",
      "UpdateFinetunedModelPayload"
    ]
  }
};
      export default result;
    