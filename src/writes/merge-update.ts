// A partial update made safe: the upstream's PATCH needs the whole name + settings, so the gateway sends the
// model as it is now with only the fields the caller gave changed. Absent means "keep", null means "clear".
import type { FinetunedModel, FinetunedModelWrite, HyperparametersWrite, SettingsWrite } from '../finetuning/model.js';
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
    // The W&B api key is never readable: sent without it, the upstream keeps the one it has.
    wandb: wandb && { project: wandb.project, entity: wandb.entity },
  };
}

type WandbWrite = NonNullable<SettingsWrite['wandb']>;

function mergeWandb(current: WandbWrite | null | undefined, patch: SettingsPatch['wandb']): WandbWrite | null {
  if (patch === undefined) return current ?? null;
  if (patch === null) return null;
  // A new W&B configuration needs what a create needs; an existing one keeps its stored api key.
  const problems = current ? [] : (['project', 'apiKey'] as const).filter((field) => !patch[field]);
  if (problems.length > 0) {
    throw new InvalidFinetunedModelInputError(
      problems.map((field) => ({
        path: ['input', 'settings', 'wandb', field],
        message: 'is required to add a W&B configuration',
      })),
    );
  }
  return overlay(current ?? { project: '' }, patch as Partial<WandbWrite>);
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
    settings: input.settings ? mergeSettings(settings, input.settings) : settings,
  };
}
