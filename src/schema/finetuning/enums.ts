// The upstream's enums without their wire prefixes (STATUS_READY → READY).
import {
  BASE_TYPES,
  FINETUNED_MODEL_STATUSES,
  LORA_TARGET_MODULES,
  STRATEGIES,
  type BaseType,
  type FinetunedModelStatus,
  type LoraTargetModules,
  type Strategy,
} from '../../finetuning/model.js';
import { builder } from '../builder.js';

function described<T extends string>(values: readonly T[], descriptions: Record<T, string>) {
  return Object.fromEntries(values.map((value) => [value, { value, description: descriptions[value] }])) as Record<
    T,
    { value: T; description: string }
  >;
}

export const StatusRef = builder.enumType('FinetunedModelStatus', {
  description: 'Stage of a fine-tuned model in its life cycle: QUEUED → FINETUNING → DEPLOYING_API → READY, or FAILED.',
  values: described<FinetunedModelStatus>(FINETUNED_MODEL_STATUSES, {
    QUEUED: 'Waiting for training to start.',
    FINETUNING: 'Training is running; training-step metrics appear.',
    DEPLOYING_API: 'Training finished; the model is being deployed.',
    READY: 'The model is deployed and can serve requests.',
    FAILED: 'Training or deployment failed (the upstream gives no reason).',
    DELETED: 'The model was deleted.',
    TEMPORARILY_OFFLINE: 'Deprecated upstream: the model is temporarily unavailable.',
    PAUSED: 'Deprecated upstream: the model is paused (dedicated serving only).',
    UNSPECIFIED: 'The upstream reported no status, or one this gateway does not know.',
  }),
});

export const BaseTypeRef = builder.enumType('FinetuningBaseType', {
  description: 'The kind of base model that is fine-tuned.',
  values: described<BaseType>(BASE_TYPES, {
    UNSPECIFIED: 'Not specified.',
    GENERATIVE: 'Deprecated upstream: a generative model.',
    CLASSIFICATION: 'A classification model.',
    RERANK: 'A rerank model.',
    CHAT: 'A chat model.',
  }),
});

export const StrategyRef = builder.enumType('FinetuningStrategy', {
  description: 'Deprecated upstream: how a fine-tuned model is served.',
  values: described<Strategy>(STRATEGIES, {
    UNSPECIFIED: 'Not specified.',
    VANILLA: 'Served on a dedicated GPU.',
    TFEW: 'Served on a shared GPU.',
  }),
});

export const LoraTargetModulesRef = builder.enumType('FinetuningLoraTargetModules', {
  description: 'Which transformer matrices LoRA adapts.',
  values: described<LoraTargetModules>(LORA_TARGET_MODULES, {
    UNSPECIFIED: 'Not specified (the upstream default applies).',
    QV: 'The query and value matrices of the attention layers.',
    QKVO: 'The query, key, value and output matrices of the attention layers.',
    QKVO_FFN: 'The attention projection matrices and the feed-forward networks.',
  }),
});
