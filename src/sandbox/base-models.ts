import type { WireBaseType } from '../upstream/wire.js';

export type SpecifiedBaseType = Exclude<WireBaseType, 'BASE_TYPE_UNSPECIFIED'>;

/** The base model a fine-tune of each type starts from when the client names none, and its current version. */
export const BASE_MODELS: Readonly<Record<SpecifiedBaseType, { name: string; version: string }>> = {
  BASE_TYPE_GENERATIVE: { name: 'command', version: '15.0.0' },
  BASE_TYPE_CLASSIFICATION: { name: 'english', version: '1.1.0' },
  BASE_TYPE_RERANK: { name: 'english', version: '2.0.0' },
  BASE_TYPE_CHAT: { name: 'medium', version: '14.2.0' },
};

/** `base_model.version` is read-only: the sandbox derives it from the base type and ignores what clients send. */
export function baseModelVersion(baseType: WireBaseType | undefined): string | undefined {
  return baseType === undefined || baseType === 'BASE_TYPE_UNSPECIFIED' ? undefined : BASE_MODELS[baseType].version;
}
