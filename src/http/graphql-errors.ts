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

/** A refusal of the whole operation before it ran: the answer has no data, so its HTTP status says why. */
export function operationRefusal(error: GatewayError | GraphQLError): GraphQLError {
  if (error instanceof GatewayError) return new GraphQLError(error.message, { extensions: error.toExtensions(true) });
  return new GraphQLError(error.message, { ...locationOf(error), extensions: { ...error.extensions, http: { status: 400, spec: true } } });
}

/** Yoga's maskError: GatewayErrors keep their message and code; GraphQL's own refusals get a code; the rest is masked. */
export function maskError(error: unknown, message: string): Error {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (original instanceof GatewayError) return toGraphQLError(original, error);
  const code = clientCodeOf(error);
  if (error instanceof GraphQLError && code !== 'INTERNAL_SERVER_ERROR') {
    // The code, and the HTTP status a refusal sets; nothing else a library put there (such as an original error).
    // graphql-js' refusals of variables come with no path and no status: the operation did not run, so 400.
    const http = error.extensions.http ?? (error.path === undefined && !error.originalError ? { status: 400, spec: true } : undefined);
    return new GraphQLError(error.message, { ...locationOf(error), extensions: { code, ...(http ? { http } : {}) } });
  }
  return new GraphQLError(message, { ...locationOf(error), extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}
