// Training-step metrics: a forward connection over the upstream's metric pages, plus the latest row.
import type { TrainingStepMetrics } from '../../finetuning/model.js';
import type { Context } from '../../context.js';
import { PageTrail, type FetchPage } from '../../pagination/connection.js';
import { builder } from '../builder.js';
import { connectionField } from '../forward-connection.js';
import { prefetchFirstPage, type PrefetchExtension } from '../prefetch.js';
import { FinetunedModelRef } from './finetuned-model.js';

const MetricRef = builder.objectRef<{ name: string; value: number }>('TrainingMetric').implement({
  description: 'One evaluation metric of a training step.',
  fields: (t) => ({
    name: t.exposeString('name', {
      description: 'Name of the metric, e.g. accuracy, cross_entropy, generation_accuracy, generation_cross_entropy, step.',
    }),
    value: t.exposeFloat('value', { description: 'Value of the metric at this step.' }),
  }),
});

export const StepMetricsRef = builder.objectRef<TrainingStepMetrics>('TrainingStepMetrics').implement({
  description: 'The evaluation metrics measured at one step of training.',
  fields: (t) => ({
    stepNumber: t.exposeInt('stepNumber', { description: 'The training step (0 for the first evaluation).' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', nullable: true, description: 'When the metrics were measured.' }),
    metrics: t.field({
      type: [MetricRef],
      description: 'Every metric of this step, by name.',
      resolve: (row) =>
        Object.entries(row.metrics)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([name, value]) => ({ name, value })),
    }),
    metric: t.float({
      nullable: true,
      description: 'One metric by name; null when this step did not measure it.',
      args: { name: t.arg.string({ required: true, description: 'Name of the metric, e.g. `accuracy`.' }) },
      resolve: (row, { name }) => (Object.hasOwn(row.metrics, name) ? (row.metrics[name] ?? null) : null),
    }),
  }),
});

const StepMetricsConnectionRef = builder.connectionObject(
  {
    type: StepMetricsRef,
    name: 'TrainingStepMetricsConnection',
    description: 'A page of training-step metrics (the upstream gives no total for this list).',
  },
  { name: 'TrainingStepMetricsEdge', description: 'The metrics of one step, with its cursor.' },
);

const stepMetricPage = (ctx: Context, modelId: string): FetchPage<TrainingStepMetrics> => (pageToken, pageSize) =>
  ctx.loaders.stepMetricPages.load({ modelId, pageToken, pageSize });

builder.objectFields(FinetunedModelRef, (t) => ({
  stepMetrics: connectionField(t, {
    type: StepMetricsConnectionRef,
    kind: 'stepMetrics',
    description: 'Training-step metrics in training order (first evaluation first).',
    items: 'metric rows',
    scope: (model) => model.id,
    page: stepMetricPage,
    keyOf: (row) => ({ at: row.createdAt, id: String(row.stepNumber) }),
  }),
  latestStepMetrics: t.field({
    type: StepMetricsRef,
    // Every metrics page: a finished run has one row per evaluation, at most a few pages.
    complexity: 2,
    extensions: {
      prefetch: (id, _args, ctx) => prefetchFirstPage({}, stepMetricPage(ctx, id), ctx.app.settings.upstreamPageSize),
    } satisfies PrefetchExtension,
    nullable: true,
    description:
      'The most recent metrics row, for a progress display; null before the first evaluation. Reads every metrics page (shared with `stepMetrics`).',
    resolve: async (model, _args, ctx) => {
      const fetchPage = stepMetricPage(ctx, model.id);
      const { upstreamPageSize, upstreamMaxPages } = ctx.app.settings;
      const trail = new PageTrail(upstreamMaxPages);
      trail.follow('');
      let page = await fetchPage('', upstreamPageSize);
      while (page.nextPageToken) {
        trail.follow(page.nextPageToken);
        page = await fetchPage(page.nextPageToken, upstreamPageSize);
      }
      return page.items.at(-1) ?? null;
    },
  }),
}));
