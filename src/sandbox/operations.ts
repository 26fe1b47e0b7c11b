import { randomUUID } from 'node:crypto';
import type { SandboxClock } from './clock.js';
import { HttpError } from './http-io.js';
import { type PhaseDurations, type StoredModel, eventsAt, metricRowsAt, scheduleFor } from './lifecycle.js';
import type { Page, Paginator, SortKey } from './pagination.js';
import type { RouteName } from '../finetuning/contract.js';
import { type Tenant, modelSortKey } from './tenants.js';
import { renderEvent, renderMetricRow, renderModel } from './wire-format.js';
import { readWriteRequest } from './write-request.js';

interface OperationRequest {
  tenant: Tenant;
  /** Percent-decoded path id; '' on the collection routes. */
  modelId: string;
  query: URLSearchParams;
  /** The parsed JSON body of POST and PATCH; undefined otherwise. */
  body: unknown;
}

/** One handler per route: each returns the 200 body or throws an HttpError. */
export type Operations = Record<RouteName, (request: OperationRequest) => unknown>;

export interface OperationDeps {
  clock: SandboxClock;
  paginator: Paginator;
  durations: PhaseDurations;
}

/** Events and metric rows only ever grow at the end, so their index is a stable keyset position. */
function byIndex(_item: unknown, index: number): SortKey {
  return [index, ''];
}

/** proto3: an empty token and a zero total are left out. */
function pageFields(page: Page<unknown>): { next_page_token?: string; total_size?: number } {
  return { next_page_token: page.nextPageToken, total_size: page.totalSize || undefined };
}

function liveModel({ tenant, modelId }: OperationRequest): StoredModel {
  const model = tenant.find(modelId);
  if (!model) throw new HttpError(404, `finetuned model ${modelId} not found`);
  return model;
}

export function createOperations({ clock, paginator, durations }: OperationDeps): Operations {
  return {
    listModels({ tenant, query }) {
      const nowUs = clock.nowUs();
      const identity = { tenantHash: tenant.hash, kind: 'models', modelId: '' } as const;
      const page = paginator.page(query, identity, tenant.models, modelSortKey);
      return { finetuned_models: page.items.map((model) => renderModel(model, tenant, nowUs)), ...pageFields(page) };
    },

    createModel({ tenant, body }) {
      const { name, settings } = readWriteRequest(body);
      const id = randomUUID();
      const model: StoredModel = {
        id,
        name,
        settings,
        multiLabel: false,
        createdUs: clock.stamp(id),
        schedule: scheduleFor(settings, durations),
        servingEvents: [],
      };
      tenant.add(model);
      return { finetuned_model: renderModel(model, tenant, clock.nowUs()) };
    },

    getModel(request) {
      return { finetuned_model: renderModel(liveModel(request), request.tenant, clock.nowUs()) };
    },

    updateModel(request) {
      const model = liveModel(request);
      const { name, settings } = readWriteRequest(request.body);
      model.name = name;
      model.settings = settings;
      model.editedUs = clock.stamp(`${model.id}:edited`);
      return { finetuned_model: renderModel(model, request.tenant, clock.nowUs()) };
    },

    deleteModel(request) {
      const model = liveModel(request);
      request.tenant.unlist(model);
      model.deletedUs = clock.stamp(`${model.id}:deleted`);
      return {};
    },

    listEvents(request) {
      const { tenant, query } = request;
      const model = liveModel(request);
      const identity = { tenantHash: tenant.hash, kind: 'events', modelId: model.id } as const;
      const page = paginator.page(query, identity, eventsAt(model, clock.nowUs()), byIndex);
      return { events: page.items.map((event) => renderEvent(event, tenant)), ...pageFields(page) };
    },

    listStepMetrics(request) {
      const { tenant, query } = request;
      const model = liveModel(request);
      const identity = { tenantHash: tenant.hash, kind: 'metrics', modelId: model.id } as const;
      const page = paginator.page(query, identity, metricRowsAt(model, clock.nowUs()), byIndex);
      return {
        step_metrics: page.items.map((row) => renderMetricRow(model, row)),
        next_page_token: page.nextPageToken,
      };
    },
  };
}
