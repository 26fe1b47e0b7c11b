// What a person meets in a browser: GraphiQL, whose first screen holds example operations that work at once against
// the sandbox (its assets inlined by @graphql-yoga/render-graphiql, so it needs no CDN), and in sandbox mode the
// example dashboard (examples/dashboard) at /dashboard/, served from the files Vite built, with the page's settings
// (the key to send, whether to send hashes) written into index.html.
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';
import { CSRF_HEADER } from './security.js';

/** The page, with GraphiQL's bundle (9 MB) loaded on the first request for it rather than at start. */
export async function renderGraphiQL(options: GraphiQLOptions): Promise<string> {
  const { renderGraphiQL: render } = await import('@graphql-yoga/render-graphiql');
  return render(options);
}

/** In sandbox mode: the demo key GraphiQL sends, and demo models for its example operations. */
export interface SandboxDemo {
  apiKey: string;
  /** A model with a finished run: events and metrics to read. */
  modelId: string | undefined;
  /** A model still training, for the live examples; the finished one when absent. */
  liveModelId?: string | undefined;
}

const MODEL_WITH_HISTORY = /* GraphQL */ `# A fine-tuned model with its status history and its latest training metrics.
query ModelWithHistory($id: ID!) {
  finetunedModel(id: $id) {
    id
    name
    status
    isInProgress
    createdAt
    completedAt
    settings {
      baseModel { name version baseType }
      datasetId
      hyperparameters { trainEpochs learningRate trainBatchSize }
    }
    events(first: 10) {
      totalCount
      edges { node { status userId createdAt } }
    }
    stepMetrics(first: 10) {
      edges { node { stepNumber createdAt accuracy: metric(name: "accuracy") crossEntropy: metric(name: "cross_entropy") } }
      pageInfo { hasNextPage endCursor }
    }
  }
}
`;

const MODEL_LIST = /* GraphQL */ `# Your fine-tuned models, newest first. Pass pageInfo.endCursor as $after for the next page.
query Models($after: String) {
  finetunedModels(first: 10, after: $after, orderBy: CREATED_AT_DESC) {
    totalCount
    edges { node { id name status isInProgress createdAt } }
    pageInfo { hasNextPage endCursor }
  }
}
`;

const LIVE_STATUS = /* GraphQL */ `# The status of a model, live: where it stands first, then each
# change as it happens, until READY or FAILED. GraphiQL follows it over
# server-sent events; graphql-ws clients use the same URL.
subscription LiveStatus($id: ID!) {
  finetunedModelStatusChanged(id: $id) {
    previousStatus
    status
    changedAt
    model { id name isInProgress completedAt }
  }
}
`;

const TRAINING_PROGRESS = /* GraphQL */ `# Training progress, live: the metrics rows written so far, then
# each new one as training writes it.
subscription TrainingProgress($id: ID!) {
  finetunedModelStepMetricsAdded(id: $id) {
    stepNumber
    createdAt
    accuracy: metric(name: "accuracy")
    crossEntropy: metric(name: "cross_entropy")
  }
}
`;

const CREATE_MODEL = /* GraphQL */ `# Start fine-tuning a model. Run it twice with the same idempotencyKey: one model is made.
mutation CreateModel($input: CreateFinetunedModelInput!) {
  createFinetunedModel(input: $input) {
    __typename
    ... on CreateFinetunedModelPayload { replayed finetunedModel { id name status createdAt } }
    ... on InvalidFinetunedModelInputError { message problems { path message } }
    ... on FinetuningError { message code }
  }
}
`;

const CREATE_VARIABLES = {
  input: {
    name: 'my-chat-model',
    idempotencyKey: 'graphiql-example-1',
    settings: {
      baseModel: { baseType: 'CHAT' },
      datasetId: 'my-dataset',
      hyperparameters: { trainEpochs: 2, learningRate: 0.01 },
    },
  },
};

const UPDATE_MODEL = /* GraphQL */ `# A partial update: only what you send changes; every other setting stays as it is upstream.
mutation RenameModel($input: UpdateFinetunedModelInput!) {
  updateFinetunedModel(input: $input) {
    __typename
    ... on UpdateFinetunedModelPayload { finetunedModel { id name updatedAt settings { hyperparameters { trainEpochs } } } }
    ... on FinetuningError { message code }
  }
}
`;

const DELETE_MODEL = /* GraphQL */ `# Deletes a model for good; deleting it again answers FinetunedModelNotFoundError.
mutation DeleteModel($id: ID!) {
  deleteFinetunedModel(id: $id) {
    __typename
    ... on DeleteFinetunedModelPayload { deletedId deletedName }
    ... on FinetuningError { message code }
  }
}
`;

/**
 * Yoga's GraphiQL reads `variables` (left out of its type) into the first tab's editor, which otherwise opens
 * empty whatever its tab says (graphql/graphiql#3392).
 */
type GraphiQLPageOptions = GraphiQLOptions & { variables?: string | undefined };

export function graphiqlOptions(demo: SandboxDemo | undefined): GraphiQLPageOptions {
  const headers = demo ? JSON.stringify({ Authorization: `Bearer ${demo.apiKey}` }, null, 2) : undefined;
  const modelId = demo?.modelId ?? '<a model id>';
  const liveModelId = demo?.liveModelId ?? modelId;
  const tabs = [
    { query: MODEL_WITH_HISTORY, variables: JSON.stringify({ id: modelId }, null, 2), headers },
    { query: MODEL_LIST, variables: '{}', headers },
    { query: LIVE_STATUS, variables: JSON.stringify({ id: liveModelId }, null, 2), headers },
    { query: TRAINING_PROGRESS, variables: JSON.stringify({ id: liveModelId }, null, 2), headers },
    { query: CREATE_MODEL, variables: JSON.stringify(CREATE_VARIABLES, null, 2), headers },
    { query: UPDATE_MODEL, variables: JSON.stringify({ input: { id: modelId, name: 'renamed-model' } }, null, 2), headers },
    { query: DELETE_MODEL, variables: JSON.stringify({ id: modelId }, null, 2), headers },
  ];
  return {
    title: 'Fine-tuning GraphQL gateway',
    headers,
    // Subscriptions over server-sent events, which carry the headers tab as queries do. GraphiQL opens them with
    // a GET, which the gateway's CSRF prevention refuses without this header.
    subscriptionsProtocol: 'GRAPHQL_SSE',
    additionalHeaders: { [CSRF_HEADER]: 'graphiql' },
    defaultTabs: tabs,
    variables: tabs[0]!.variables,
  };
}

// ---- The example dashboard ------------------------------------------------------------------------------

export const DASHBOARD_PATH = '/dashboard/';

/** Where `npm run dashboard:build` (run by `npm start`) writes the bundle. */
const DASHBOARD_DIR = fileURLToPath(new URL('../../examples/dashboard/dist/', import.meta.url));

/** What examples/dashboard/src/settings.ts reads. */
export interface DashboardSettings {
  apiKey: string;
  persistedDocuments: boolean;
}

interface Asset {
  body: string | Uint8Array<ArrayBuffer>;
  headers: Record<string, string>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

const SETTINGS_TAG = /(<script type="application\/json" id="dashboard-settings">)[\s\S]*?(<\/script>)/;

/** `<` escaped, so that no value can end the script element early. */
const settingsJson = (settings: DashboardSettings) => JSON.stringify(settings).replaceAll('<', '\\u003c');

/** Every file of the build by URL path, read once; undefined while there is no build. */
async function readBuild(dir: string, settings: DashboardSettings): Promise<Map<string, Asset> | undefined> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!entries?.some((entry) => entry.name === 'index.html')) return undefined;
  const assets = new Map<string, Asset>();
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    const path = relative(dir, file).split(sep).join('/');
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    if (path === 'index.html') {
      const html = await readFile(file, 'utf8');
      if (!SETTINGS_TAG.test(html)) throw new Error(`${file} has no dashboard-settings script`);
      assets.set(DASHBOARD_PATH, {
        body: html.replace(SETTINGS_TAG, (_tag, open: string, close: string) => open + settingsJson(settings) + close),
        // It carries the caller's key.
        headers: { 'content-type': type, 'cache-control': 'no-store' },
      });
    } else {
      // Vite puts a content hash in every asset's name: an asset never changes under its URL.
      const headers = { 'content-type': type, 'cache-control': 'public, max-age=31536000, immutable' };
      assets.set(DASHBOARD_PATH + path, { body: new Uint8Array(await readFile(file)), headers });
    }
  }
  return assets;
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Dashboard not built</title>
<p>The example dashboard is not built yet: run <code>npm run dashboard:build</code> (<code>npm start</code> does it), then reload.</p>`;

export function useDashboard(settings: DashboardSettings, dir = DASHBOARD_DIR): Plugin {
  let build: Map<string, Asset> | undefined;
  return {
    async onRequest({ request, url, endResponse }) {
      const { pathname } = url;
      if (!(pathname === '/dashboard' || pathname.startsWith(DASHBOARD_PATH))) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      if (pathname === '/dashboard') {
        return endResponse(new Response(null, { status: 308, headers: { location: DASHBOARD_PATH } }));
      }
      // Read again on each request until there is a build, so that building after start is enough.
      build ??= await readBuild(dir, settings);
      if (!build) {
        return endResponse(new Response(NOT_BUILT, { status: 503, headers: { 'content-type': CONTENT_TYPES['.html']! } }));
      }
      const asset = build.get(pathname);
      if (!asset) return endResponse(new Response('Not Found', { status: 404 }));
      return endResponse(new Response(request.method === 'HEAD' ? null : asset.body, { headers: asset.headers }));
    },
  };
}
