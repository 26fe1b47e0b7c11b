// Domain errors → GraphQL errors. Only GatewayError's own message and code go out; anything else is masked.
import { GraphQLError } from 'graphql';
import { GatewayError } from '../errors.js';

/** Where an error happened in the operation, kept from the error GraphQL wrapped around ours. */
function locationOf(error: unknown) {
  return error instanceof GraphQLError
    ? { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path }
    : {};
}

export function toGraphQLError(error: GatewayError, at?: unknown): GraphQLError {
  return new GraphQLError(error.message, { ...locationOf(at), extensions: error.toExtensions() });
}

/** Yoga's maskError: GatewayErrors keep their message and code; every other error becomes a masked one. */
export function maskError(error: unknown, message: string): Error {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (original instanceof GatewayError) return toGraphQLError(original, error);
  if (error instanceof GraphQLError && !error.originalError) return error;
  return new GraphQLError(message, { ...locationOf(error), extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}
