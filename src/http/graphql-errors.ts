// Domain errors → GraphQL errors. Only a GatewayError's own message and code go out; anything else is masked. Every
// error a client receives carries `extensions.code` (errors.ts: clientCodeOf says which).
import { GraphQLError } from 'graphql';
import { clientCodeOf, GatewayError } from '../errors.js';

/** Where an error happened in the operation, kept from the error GraphQL wrapped around ours. */
function locationOf(error: unknown) {
  return error instanceof GraphQLError
    ? { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path }
    : {};
}

export function toGraphQLError(error: GatewayError, at?: unknown): GraphQLError {
  return new GraphQLError(error.message, { ...locationOf(at), extensions: error.toExtensions() });
}

/** Yoga's maskError: GatewayErrors keep their message and code; GraphQL's own refusals get a code; the rest is masked. */
export function maskError(error: unknown, message: string): Error {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (original instanceof GatewayError) return toGraphQLError(original, error);
  const code = clientCodeOf(error);
  if (error instanceof GraphQLError && code !== 'INTERNAL_SERVER_ERROR') {
    // The code, and the HTTP status a refusal sets; nothing else a library put there (such as an original error).
    const { http } = error.extensions;
    return new GraphQLError(error.message, { ...locationOf(error), extensions: { code, ...(http ? { http } : {}) } });
  }
  return new GraphQLError(message, { ...locationOf(error), extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}
