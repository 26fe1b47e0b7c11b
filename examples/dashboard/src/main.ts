// The dashboard: the caller's models, each status changing live, and the training curves of the model picked.
// Plain DOM and urql's framework-free core: the same client calls work in any framework's urql binding.
import './styles.css';
import { formatLoss, trainingChart } from './chart.js';
import { createDashboardClient } from './client.js';
import { CreateMutation, MetricsQuery, ModelsQuery, ProgressSubscription, StatusSubscription } from './documents.js';
import type { DashboardModelFragment, DashboardStepFragment, FinetunedModelStatus } from './gql/graphql.js';
import { readSettings } from './settings.js';

/** How many models the list shows; the header gives the total. */
const PAGE = 50;

interface Change {
  at: string;
  name: string;
  from: FinetunedModelStatus;
  to: FinetunedModelStatus;
}

const client = createDashboardClient(readSettings());
const state = {
  models: [] as DashboardModelFragment[],
  totalCount: 0,
  selectedId: undefined as string | undefined,
  steps: [] as DashboardStepFragment[],
  changes: [] as Change[],
  error: undefined as string | undefined,
};
/** One status subscription per model whose job moves by itself; each ends when the job does. */
const statusWatches = new Map<string, () => void>();
let stopProgress: (() => void) | undefined;

// ---- a few DOM helpers ----------------------------------------------------------------------------------------

type Child = Node | string | null | undefined | false;

function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child) element.append(child);
  return element;
}

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const label = (status: FinetunedModelStatus) => status.replace('_API', '').replace('_', ' ').toLowerCase();
const statusPill = (status: FinetunedModelStatus) => h('span', { class: `status status-${status}` }, label(status));
const timeOf = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleTimeString() : '');
const dateOf = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleDateString(undefined, { month: 'short', day: 'numeric' }) : '';

// ---- data ------------------------------------------------------------------------------------------------------

function upsert(model: DashboardModelFragment): void {
  const index = state.models.findIndex((known) => known.id === model.id);
  if (index === -1) state.models.unshift(model);
  else state.models[index] = model;
}

function selected(): DashboardModelFragment | undefined {
  return state.models.find((model) => model.id === state.selectedId);
}

/** Rows from the query and from the live feed overlap: keep one per step, in training order. */
function mergeSteps(rows: readonly DashboardStepFragment[]): void {
  const byStep = new Map(state.steps.map((row) => [row.stepNumber, row]));
  for (const row of rows) byStep.set(row.stepNumber, row);
  state.steps = [...byStep.values()].sort((a, b) => a.stepNumber - b.stepNumber);
}

async function loadModels(): Promise<void> {
  const { data, error } = await client.urql.query(ModelsQuery, { first: PAGE }).toPromise();
  if (error || !data?.finetunedModels) return fail(error?.message ?? 'no models');
  state.models = data.finetunedModels.edges.map((edge) => edge.node);
  state.totalCount = data.finetunedModels.totalCount;
  for (const model of state.models) watchStatus(model);
  const first = state.models.find((model) => model.status === 'FINETUNING') ?? state.models[0];
  renderModels();
  if (first) await select(first.id);
}

/** When a subscription ends, urql repeats its last result with `hasNext: false`: nothing new to show. */
const endMarker = (hasNext: boolean) => !hasNext;

function watchStatus(model: DashboardModelFragment): void {
  if (!model.isInProgress || statusWatches.has(model.id)) return;
  const { unsubscribe } = client.urql.subscription(StatusSubscription, { id: model.id }).subscribe(({ data, error, hasNext }) => {
    if (error) return fail(error.message);
    const change = data?.finetunedModelStatusChanged;
    if (!change || endMarker(hasNext)) return;
    upsert(change.model);
    if (change.previousStatus) {
      state.changes.unshift({ at: change.changedAt ?? new Date().toISOString(), name: change.model.name, from: change.previousStatus, to: change.status });
      state.changes.length = Math.min(state.changes.length, 8);
    }
    if (!change.model.isInProgress) statusWatches.delete(model.id);
    renderModels(change.previousStatus ? model.id : undefined);
    renderActivity();
    if (model.id === state.selectedId) renderChart();
  });
  statusWatches.set(model.id, unsubscribe);
}

async function select(id: string): Promise<void> {
  if (state.selectedId === id) return;
  stopProgress?.();
  stopProgress = undefined;
  state.selectedId = id;
  state.steps = [];
  renderModels();
  renderChart();
  if (selected()?.isInProgress) return followProgress(id);
  // A finished run: read its metrics a page at a time.
  let after: string | null | undefined;
  do {
    const { data, error } = await client.urql.query(MetricsQuery, { id, after }).toPromise();
    if (state.selectedId !== id) return;
    if (error) return fail(error.message);
    const page = data?.finetunedModel?.stepMetrics;
    if (!page) break;
    mergeSteps(page.edges.map((edge) => edge.node));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : undefined;
  } while (after);
  renderChart();
}

/** The live feed replays the rows already written, then sends each new one: one code path for the whole run. */
function followProgress(id: string): void {
  stopProgress?.();
  const { unsubscribe } = client.urql.subscription(ProgressSubscription, { id }).subscribe(({ data, error, hasNext }) => {
    if (state.selectedId !== id) return;
    if (error) return fail(error.message);
    if (!data || endMarker(hasNext)) return;
    mergeSteps([data.finetunedModelStepMetricsAdded]);
    renderChart();
  });
  stopProgress = unsubscribe;
}

async function create(form: HTMLFormElement): Promise<void> {
  const fields = new FormData(form);
  const button = form.querySelector('button')!;
  button.disabled = true;
  const { data, error } = await client.urql
    .mutation(CreateMutation, {
      input: {
        name: String(fields.get('name')),
        // A double click, or a retry after a lost answer, must not start two runs.
        idempotencyKey: crypto.randomUUID(),
        settings: {
          baseModel: { baseType: 'CHAT' },
          datasetId: String(fields.get('datasetId')),
          hyperparameters: { trainEpochs: Number(fields.get('epochs')) },
        },
      },
    })
    .toPromise();
  button.disabled = false;
  const result = data?.createFinetunedModel;
  if (error || !result) return fail(error?.message ?? 'no answer');
  if (result.__typename !== 'CreateFinetunedModelPayload') return fail(result.message);
  state.error = undefined;
  state.totalCount += 1;
  upsert(result.finetunedModel);
  watchStatus(result.finetunedModel);
  form.reset();
  nameField(form).value = suggestedName();
  await select(result.finetunedModel.id);
}

function fail(message: string): void {
  state.error = message;
  renderError();
}

// ---- rendering -------------------------------------------------------------------------------------------------

function renderModels(changedId?: string): void {
  byId('model-count').textContent = `${state.totalCount} models`;
  const rows = state.models.map((model) => {
    const row = h(
      'tr',
      { 'data-model-id': model.id, 'data-status': model.status, class: model.id === state.selectedId ? 'selected' : undefined, tabindex: 0 },
      h('td', {}, h('div', { class: 'name' }, model.name), h('div', { class: 'muted' }, model.settings.baseModel.name ?? '')),
      h('td', { class: 'muted' }, model.settings.baseModel.baseType.toLowerCase()),
      h('td', {}, statusPill(model.status)),
      h('td', { class: 'muted right' }, dateOf(model.createdAt)),
    );
    row.addEventListener('click', () => void select(model.id));
    row.addEventListener('keydown', (event) => event.key === 'Enter' && void select(model.id));
    return row;
  });
  byId('models').replaceChildren(...rows);
  if (changedId) {
    document.querySelector(`tr[data-model-id="${changedId}"]`)?.animate(
      [{ backgroundColor: 'var(--flash)' }, { backgroundColor: 'transparent' }],
      { duration: 1600, easing: 'ease-out' },
    );
  }
}

function renderChart(): void {
  const model = selected();
  const last = state.steps.at(-1);
  byId('chart-title').replaceChildren(model ? model.name : 'Training metrics', model ? statusPill(model.status) : '');
  byId('chart-summary').replaceChildren(
    ...(last
      ? [
          h('span', {}, `step ${last.stepNumber}`),
          h('span', { class: 'accuracy' }, `accuracy ${((last.accuracy ?? 0) * 100).toFixed(1)}%`),
          h('span', { class: 'loss' }, `cross-entropy ${formatLoss(last.crossEntropy ?? 0)}`),
        ]
      : [h('span', {}, model?.status === 'QUEUED' ? 'waiting for training to start…' : 'no training metrics yet')]),
  );
  byId('chart').replaceChildren(trainingChart(state.steps));
}

function renderActivity(): void {
  const items = state.changes.map((change) =>
    h(
      'li',
      {},
      h('span', { class: 'muted time' }, timeOf(change.at)),
      h('span', { class: 'name' }, change.name),
      statusPill(change.from),
      h('span', { class: 'arrow' }, '→'),
      statusPill(change.to),
    ),
  );
  byId('activity').replaceChildren(...(items.length ? items : [h('li', { class: 'muted' }, 'Status changes appear here as they happen.')]));
}

function renderError(): void {
  const banner = byId('error');
  banner.hidden = !state.error;
  banner.textContent = state.error ?? '';
}

let created = 0;
const suggestedName = () => `my-finetune-${Date.now().toString(36).slice(-4)}${(created += 1)}`;
const nameField = (form: HTMLFormElement) => form.elements.namedItem('name') as HTMLInputElement;

function start(): void {
  const form = byId<HTMLFormElement>('create');
  nameField(form).value = suggestedName();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void create(form);
  });
  const connection = byId('connection');
  client.ws.on('connected', () => connection.setAttribute('data-state', 'live'));
  client.ws.on('closed', () => connection.setAttribute('data-state', 'offline'));
  renderActivity();
  void loadModels();
}

start();
