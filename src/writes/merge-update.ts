// A partial update made safe: the upstream's PATCH needs the whole name + settings, so the gateway sends the
// model as it is now with only the fields the caller gave changed. Absent means "keep", null means "clear".
import { wandbApiKeyOf, type FinetunedModel, type FinetunedModelWrite, type HyperparametersWrite, type SettingsWrite } from '../finetuning/model.js';
import { InvalidFinetunedModelInputError } from './errors.js';
import type { SettingsPatch, UpdateInput } from './validate.js';

/** Fields present in the patch replace the current ones (null included); absent ones are kept. */
function overlay<T extends object>(current: T, patch: Partial<T> | null | undefined): T {
  if (!patch) return current;
  const merged = { ...current };
  for (const [field, value] of Object.entries(patch)) {
    if (value !== undefined) (merged as Record<string, unknown>)[field] = value;
  }
  return merged;
}

function currentSettings(model: FinetunedModel): SettingsWrite {
  const { baseModel, hyperparameters, wandb } = model.settings;
  return {
    baseModel: { name: baseModel.name, baseType: baseModel.baseType, strategy: baseModel.strategy },
    datasetId: model.settings.datasetId,
    hyperparameters: hyperparameters && { ...hyperparameters },
    multiLabel: model.settings.multiLabel,
    // The W&B api key the upstream returned goes back with the rest (clients never see it).
    wandb: wandb && { project: wandb.project, entity: wandb.entity, apiKey: wandbApiKeyOf(wandb) },
  };
}

type WandbWrite = NonNullable<SettingsWrite['wandb']>;

const KEY_NOT_RETURNED =
  'is required: the upstream did not return this model’s W&B api key and needs it with every update, so send `wandb.apiKey` (or `wandb: null` to remove W&B reporting)';

function mergeWandb(current: WandbWrite | null | undefined, patch: SettingsPatch['wandb']): WandbWrite | null {
  if (patch === null) return null;
  if (patch === undefined && !current) return null;
  const problem = (field: 'project' | 'apiKey', message: string) => ({ path: ['input', 'settings', 'wandb', field], message });
  // A new W&B configuration needs what a create needs. An existing one keeps the api key the upstream returned;
  // when it returned none, the settings cannot be written back without one.
  const problems = current
    ? current.apiKey || patch?.apiKey
      ? []
      : [problem('apiKey', KEY_NOT_RETURNED)]
    : (['project', 'apiKey'] as const).filter((field) => !patch?.[field]).map((field) => problem(field, 'is required to add a W&B configuration'));
  if (problems.length > 0) throw new InvalidFinetunedModelInputError(problems);
  return overlay(current ?? { project: '' }, patch as Partial<WandbWrite> | undefined);
}

function mergeSettings(current: SettingsWrite, patch: SettingsPatch): SettingsWrite {
  return {
    baseModel: overlay(current.baseModel, patch.baseModel as Partial<SettingsWrite['baseModel']> | undefined),
    datasetId: patch.datasetId ?? current.datasetId,
    hyperparameters:
      patch.hyperparameters === null ? null : overlay<HyperparametersWrite>(current.hyperparameters ?? {}, patch.hyperparameters),
    multiLabel: patch.multiLabel === undefined ? current.multiLabel : patch.multiLabel,
    wandb: mergeWandb(current.wandb, patch.wandb),
  };
}

export function mergeUpdate(current: FinetunedModel, input: UpdateInput): FinetunedModelWrite {
  const settings = currentSettings(current);
  return {
    name: input.name ?? current.name,
    // Merged even when no setting changes: the W&B configuration must still be writable as it stands.
    settings: mergeSettings(settings, input.settings ?? {}),
  };
}
