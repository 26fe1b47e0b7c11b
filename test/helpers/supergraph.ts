// A supergraph as a platform team runs one: each subgraph's SDL read from its `_service { sdl }`, composed with the
// MIT-licensed @theguild/federation-composition, and served by Hive Gateway over HTTP on 127.0.0.1.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { composeServices, compositionHasErrors, type CompositionResult } from '@theguild/federation-composition';
import { parse, type FormattedExecutionResult } from 'graphql';
import { readSseStream, type SseStream } from './sse.js';

export interface Subgraph {
  name: string;
  url: string;
  sdl: string;
}

export interface Supergraph {
  url: string;
  /** The composed supergraph SDL, with its join__ directives. */
  supergraphSdl: string;
  /** The API clients of the supergraph see. */
  publicSdl: string;
  /** Runs an operation through the gateway with `Authorization: Bearer <key>` unless key is null. */
  execute<R>(query: string, variables: Record<string, unknown>, key: string | null): Promise<FormattedExecutionResult<R>>;
  /** Runs a subscription over server-sent events and reads it to its end; `onNext` sees each message as it comes. */
  subscribe<R>(
    query: string,
    variables: Record<string, unknown>,
    key: string | null,
    onNext?: (message: FormattedExecutionResult<R>) => void,
  ): Promise<SseStream<R>>;
  stop(): Promise<void>;
}

const headersFor = (key: string | null, accept = 'application/json'): Record<string, string> => ({
  'content-type': 'application/json',
  accept,
  ...(key === null ? {} : { authorization: `Bearer ${key}` }),
});

/** What a subgraph publishes for composition: its SDL with federation directives. */
export async function fetchSubgraph(name: string, url: string): Promise<Subgraph> {
  const response = await fetch(url, {
    method: 'POST',
    headers: headersFor(null),
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
  });
  const { data } = (await response.json()) as { data: { _service: { sdl: string } } };
  return { name, url, sdl: data._service.sdl };
}

export function compose(subgraphs: Subgraph[]): CompositionResult {
  return composeServices(subgraphs.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) })));
}

/**
 * Serves the composed supergraph. The caller's Authorization header goes only to the subgraphs named in
 * `forwardAuthorizationTo`: a Cohere key is nobody else's business. `plugins`: Hive Gateway's own (OpenTelemetry, say).
 */
export async function startSupergraph(
  subgraphs: Subgraph[],
  options: { forwardAuthorizationTo: string[]; plugins?: Parameters<typeof createGatewayRuntime>[0]['plugins'] },
): Promise<Supergraph> {
  const composed = compose(subgraphs);
  if (compositionHasErrors(composed)) {
    throw new Error(`composition failed:\n${composed.errors.map((error) => error.message).join('\n')}`);
  }
  const gateway = createGatewayRuntime({
    supergraph: composed.supergraphSdl,
    logging: false,
    plugins: options.plugins,
    propagateHeaders: {
      fromClientToSubgraphs: ({ request, subgraphName }) =>
        options.forwardAuthorizationTo.includes(subgraphName)
          ? // The subgraph's CSRF prevention asks non-preflighted requests (the gateway's SSE GETs) for this header.
            { authorization: request.headers.get('authorization'), 'x-graphql-yoga-csrf': '1' }
          : {},
    },
  });
  const server: Server = createServer(gateway);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;

  return {
    url,
    supergraphSdl: composed.supergraphSdl,
    publicSdl: composed.publicSdl,
    async execute<R>(query: string, variables: Record<string, unknown>, key: string | null) {
      const response = await fetch(url, { method: 'POST', headers: headersFor(key), body: JSON.stringify({ query, variables }) });
      return (await response.json()) as FormattedExecutionResult<R>;
    },
    async subscribe<R>(
      query: string,
      variables: Record<string, unknown>,
      key: string | null,
      onNext?: (message: FormattedExecutionResult<R>) => void,
    ) {
      const response = await fetch(url, {
        method: 'POST',
        headers: headersFor(key, 'text/event-stream'),
        body: JSON.stringify({ query, variables }),
      });
      return readSseStream<R>(response, onNext);
    },
    async stop() {
      const closing = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closing;
      await gateway.dispose();
    },
  };
}

