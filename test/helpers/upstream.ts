// Direct REST calls to the sandbox, to set up data and to compare the gateway with what the upstream says.
import type { WireFinetunedModel, WireWriteFinetunedModelRequest } from '../../src/upstream/wire.js';

export async function upstream<T>(baseUrl: string, key: string, path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${baseUrl}/v1/finetuning/finetuned-models${path}`, {
    ...init,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...init.headers },
  });
  if (!response.ok) throw new Error(`upstream ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

export const chatModel = (name: string, datasetId = 'dataset-chat-1'): WireWriteFinetunedModelRequest => ({
  name,
  settings: {
    base_model: { base_type: 'BASE_TYPE_CHAT' },
    dataset_id: datasetId,
    hyperparameters: { train_epochs: 1, learning_rate: 0.01 },
  },
});

export async function createModels(baseUrl: string, key: string, count: number, prefix = 'model'): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const { finetuned_model } = await upstream<{ finetuned_model: WireFinetunedModel }>(baseUrl, key, '', {
      method: 'POST',
      body: JSON.stringify(chatModel(`${prefix}-${i}`)),
    });
    ids.push(finetuned_model.id!);
  }
  return ids;
}
