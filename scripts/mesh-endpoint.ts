// The benchmark's peer: GraphQL Mesh as its users run it. Mesh Compose turns an OpenAPI description of the upstream
// (scripts/mesh/finetuning-openapi.json, ours: written from the sandbox's contract, not Cohere's file) into a
// supergraph with its OpenAPI source, and Hive Gateway serves that supergraph, forwarding the caller's Authorization
// header to the upstream. Defaults everywhere else: no links between operations, no cache, no custom resolvers. Its
// schema is the REST API's own shape (snake_case, proto enums, one root field per route), so clients ask in that
// shape; scripts/mesh/mesh-reads.ts holds what the benchmark asks. Run by scripts/bench.ts as its own process; it
// composes at start (the upstream's URL is known only then) and prints its URL once listening.
// Environment: COHERE_BASE_URL (the upstream), PORT (default 0), HOST.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { getComposedResultFromConfig } from '@graphql-mesh/compose-cli';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { getSubgraphExecutor, loadOpenAPISubgraph } from '@omnigraph/openapi';
import { API_PREFIX, ROUTE_NAMES, ROUTES } from '../src/finetuning/contract.js';
import { ORDER_BY_VALUES, WIRE_BASE_TYPES, WIRE_LORA_TARGET_MODULES, WIRE_STRATEGIES } from '../src/upstream/wire.js';

const OPENAPI_FILE = fileURLToPath(new URL('./mesh/finetuning-openapi.json', import.meta.url));

interface OpenApiDocument {
  paths: Record<string, Record<string, { operationId?: string }>>;
  components: { schemas: Record<string, { enum?: string[] }>; parameters: Record<string, { schema: { enum?: string[] } }> };
}

/**
 * The description is hand-written: it must name the contract's seven routes, and nothing else, and its enums
 * must be the wire's. A drift stops the peer at start rather than skewing the benchmark.
 */
function checkAgainstContract(document: OpenApiDocument): void {
  const problems: string[] = [];
  const described = new Set(
    Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => method !== 'parameters')
        .map(([method, operation]) => `${method.toUpperCase()} ${path} ${operation.operationId}`),
    ),
  );
  for (const name of ROUTE_NAMES) {
    const { method, below } = ROUTES[name];
    const path = below === null ? API_PREFIX : below === '' ? `${API_PREFIX}/{id}` : `${API_PREFIX}/{finetuned_model_id}/${below}`;
    if (!described.delete(`${method} ${path} ${name}`)) problems.push(`route ${name} (${method} ${path}) is not described`);
  }
  for (const extra of described) problems.push(`${extra} is not in the contract`);
  const sameValues = (what: string, given: string[] | undefined, wire: readonly string[]) => {
    if (given?.join() !== wire.join()) problems.push(`${what} is [${given?.join(', ')}], the wire's is [${wire.join(', ')}]`);
  };
  const { schemas, parameters } = document.components;
  sameValues('OrderBy', parameters.OrderBy?.schema.enum, ORDER_BY_VALUES);
  sameValues('BaseType', schemas.BaseType?.enum, WIRE_BASE_TYPES);
  sameValues('Strategy', schemas.Strategy?.enum, WIRE_STRATEGIES);
  sameValues('LoraTargetModules', schemas.LoraTargetModules?.enum, WIRE_LORA_TARGET_MODULES);
  if (problems.length) throw new Error(`${OPENAPI_FILE} does not describe the contract:\n${problems.join('\n')}`);
}

checkAgainstContract(JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as OpenApiDocument);

type Logger = Parameters<typeof getComposedResultFromConfig>[1];
const quiet = () => undefined;
const logger: Logger = { log: quiet, info: quiet, debug: quiet, warn: console.error, error: console.error, child: () => logger };

// What `mesh-compose` does with a mesh.config.ts naming this one source, through its API: the upstream's URL is
// known only now, and no supergraph file is left to go stale.
const { supergraphSdl } = await getComposedResultFromConfig(
  {
    subgraphs: [
      {
        sourceHandler: loadOpenAPISubgraph('Finetuning', {
          source: OPENAPI_FILE,
          endpoint: process.env.COHERE_BASE_URL ?? 'http://127.0.0.1:4010',
          operationHeaders: { Authorization: '{context.headers.authorization}' },
        }),
      },
    ],
  },
  logger,
);

const gateway = createGatewayRuntime({
  supergraph: supergraphSdl,
  logging: 'warn',
  // The REST transport that Hive Gateway would otherwise import by name: the one @omnigraph/openapi ships.
  transports: { rest: { getSubgraphExecutor } },
});

const server = createServer(gateway);
server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`GraphQL Mesh (Hive Gateway) listening on http://${process.env.HOST ?? '127.0.0.1'}:${port}/graphql`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    server.closeAllConnections();
    void Promise.resolve(gateway.dispose()).then(() => process.exit(0));
  });
}
