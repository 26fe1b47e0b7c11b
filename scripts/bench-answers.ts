// The benchmark's two reads as the gateway answers them, built from the upstream's wire rows: what the reference
// endpoint sends, and how the harness reads the GraphQL Mesh peer's answers (the same rows, through Mesh's schema)
// back into that shape to check that they mean the same. No I/O.
import type {
  WireEvent,
  WireFinetunedModel,
  WireListEventsResponse,
  WireListTrainingStepMetricsResponse,
  WireStatus,
} from '../src/upstream/wire.js';

export const status = (value: WireStatus | undefined) => (value ?? 'STATUS_UNSPECIFIED').slice('STATUS_'.length);

/** Scenario 1: the model with its first 10 events and first 10 metric rows. */
export function modelWithHistoryAnswer(
  model: WireFinetunedModel,
  eventPage: WireListEventsResponse,
  metricPage: WireListTrainingStepMetricsResponse,
) {
  return {
    data: {
      finetunedModel: {
        id: model.id,
        name: model.name ?? '',
        status: status(model.status),
        createdAt: model.created_at ?? null,
        events: {
          totalCount: eventPage.total_size ?? 0,
          edges: (eventPage.events ?? []).slice(0, 10).map((event: WireEvent) => ({
            node: { status: status(event.status), userId: event.user_id ?? null, createdAt: event.created_at ?? null },
          })),
        },
        stepMetrics: {
          edges: (metricPage.step_metrics ?? []).slice(0, 10).map((row) => ({
            node: { stepNumber: row.step_number ?? 0, accuracy: row.metrics?.accuracy ?? null },
          })),
        },
      },
    },
  };
}

/** Scenario 2: the first 10 models, each with its first 5 events (`eventPages[i]` is `models[i]`'s). */
export function modelsWithEventsAnswer(models: WireFinetunedModel[], eventPages: WireListEventsResponse[]) {
  return {
    data: {
      finetunedModels: {
        edges: models.slice(0, 10).map((model, index) => ({
          node: {
            id: model.id,
            name: model.name ?? '',
            status: status(model.status),
            events: {
              totalCount: eventPages[index]!.total_size ?? 0,
              edges: (eventPages[index]!.events ?? []).slice(0, 5).map((event) => ({
                node: { status: status(event.status), createdAt: event.created_at ?? null },
              })),
            },
          },
        })),
      },
    },
  };
}
