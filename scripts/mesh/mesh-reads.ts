// The benchmark's two reads as a client of the GraphQL Mesh peer (scripts/mesh-endpoint.ts) makes them. Mesh's
// schema is the REST API's: a root field per route, snake_case, proto enums, and nothing that leads from a model to
// its events. So scenario 1's read is one operation of three root fields, all resolved at once, and scenario 2's takes
// two operations: the list, then one aliased events field per listed model, built from the list's answer as a Mesh
// client has to. And the way back: Mesh's answers read into the gateway's shape, so that the harness can check they
// mean what the other targets agreed on.
import type {
  WireFinetunedModelResponse,
  WireListEventsResponse,
  WireListFinetunedModelsResponse,
  WireListTrainingStepMetricsResponse,
} from '../../src/upstream/wire.js';
import { modelsWithEventsAnswer, modelWithHistoryAnswer } from '../bench-answers.js';

export interface GraphQLOperation {
  query: string;
  variables?: Record<string, string>;
}

// Metrics come as one JSON map per row: Mesh's schema cannot ask for one metric by name.
const MODEL_QUERY = `query ModelWithHistory($id: String!) {
  model: getModel(id: $id) { finetuned_model { id name status created_at } }
  events: listEvents(finetuned_model_id: $id, page_size: 10) { total_size events { status user_id created_at } }
  stepMetrics: listStepMetrics(finetuned_model_id: $id, page_size: 10) { step_metrics { step_number metrics } }
}`;

/** Scenario 1 (and 3 and 4): the model, its first 10 events and its first 10 metric rows. */
export const modelOperation = (id: string): GraphQLOperation => ({ query: MODEL_QUERY, variables: { id } });

/** Scenario 2, first operation: the first 10 models. */
export const LIST_OPERATION: GraphQLOperation = {
  query: 'query Models { listModels(page_size: 10) { finetuned_models { id name status } } }',
};

/** Scenario 2, second operation: the first 5 events of each model in the list's answer. */
export function eventsOperation(listAnswer: string): GraphQLOperation {
  const ids = listedModels(listAnswer).map((model) => model.id!);
  if (ids.length === 0) throw new Error('the list of models is empty: there are no events to ask for');
  const fields = ids.map((_, i) => `  m${i}: listEvents(finetuned_model_id: $m${i}, page_size: 5) { total_size events { status created_at } }`);
  return {
    query: `query EventsOfModels(${ids.map((_, i) => `$m${i}: String!`).join(', ')}) {\n${fields.join('\n')}\n}`,
    variables: Object.fromEntries(ids.map((id, i) => [`m${i}`, id])),
  };
}

/**
 * An answer's data. Mesh answers the wire's rows with their absent fields as null: read without them, they are the
 * wire's rows again (proto3 JSON leaves them out).
 */
function dataOf<T>(answer: string): T {
  const { data, errors } = JSON.parse(answer, (_key, value: unknown) => (value === null ? undefined : value)) as {
    data?: T;
    errors?: unknown;
  };
  if (errors !== undefined || data === undefined) throw new Error(`Mesh answered with errors: ${answer.slice(0, 500)}`);
  return data;
}

const listedModels = (listAnswer: string) =>
  dataOf<{ listModels?: WireListFinetunedModelsResponse }>(listAnswer).listModels?.finetuned_models ?? [];

/** Scenario 1's answer from Mesh, in the gateway's shape (JSON). */
export function modelAnswerInGatewayShape(answer: string): string {
  const { model, events, stepMetrics } = dataOf<{
    model?: WireFinetunedModelResponse;
    events?: WireListEventsResponse;
    stepMetrics?: WireListTrainingStepMetricsResponse;
  }>(answer);
  const found = model?.finetuned_model;
  return JSON.stringify(found ? modelWithHistoryAnswer(found, events ?? {}, stepMetrics ?? {}) : { data: { finetunedModel: null } });
}

/** Scenario 2's answer from Mesh's two operations, in the gateway's shape (JSON). */
export function listAnswerInGatewayShape(listAnswer: string, eventsAnswer: string): string {
  const models = listedModels(listAnswer);
  const pages = dataOf<Record<string, WireListEventsResponse>>(eventsAnswer);
  return JSON.stringify(modelsWithEventsAnswer(models, models.map((_, i) => pages[`m${i}`] ?? {})));
}

/**
 * Whether two answers in the gateway's shape mean the same. Mesh's DateTime scalar (the OpenAPI `date-time` format)
 * keeps an instant's milliseconds only, where the upstream sends micro- or nanoseconds: instants are compared to the
 * millisecond, everything else exactly.
 */
export function sameMeaning(answer: string, other: string): boolean {
  const read = (text: string) =>
    JSON.stringify(
      JSON.parse(text, (key, value: unknown) => (key === 'createdAt' && typeof value === 'string' ? new Date(value).toISOString() : value)),
    );
  return read(answer) === read(other);
}
