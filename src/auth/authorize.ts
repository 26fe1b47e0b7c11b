// Whether a caller may run an operation at all, decided before it runs (so a refusal costs no upstream call): a
// broken credential, or a missing scope (mutations need write).
import { Kind, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { GatewayError } from '../errors.js';
import type { Caller } from './authenticate.js';

/** An operation that only reads the schema (`__schema`, `__type`, `__typename`, `_service`) needs no credential. */
function isIntrospectionOnly(operation: OperationDefinitionNode, document: DocumentNode): boolean {
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
  );
  const onlyMeta = (selections: OperationDefinitionNode['selectionSet']['selections'], seen: Set<string>): boolean =>
    selections.every((selection) => {
      // `_service` is the federation subgraph's SDL: the schema again, for a composition that sends no credential.
      if (selection.kind === Kind.FIELD) return selection.name.value.startsWith('__') || selection.name.value === '_service';
      if (selection.kind === Kind.INLINE_FRAGMENT) return onlyMeta(selection.selectionSet.selections, seen);
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || seen.has(name)) return true;
      return onlyMeta(fragment.selectionSet.selections, new Set([...seen, name]));
    });
  return onlyMeta(operation.selectionSet.selections, new Set());
}

/** Why `caller` may not run `operation` of `document`, or null when it may. */
export function refusal(caller: Caller, operation: OperationDefinitionNode, document: DocumentNode): GatewayError | null {
  if (isIntrospectionOnly(operation, document)) return null;
  if (caller.authError) return caller.authError;
  const { principal } = caller;
  // Without a credential nothing but the schema can be read: refused as a whole, so the answer is a 401 with no data.
  if (!principal.credential) return new GatewayError('UNAUTHENTICATED');
  const needed = operation.operation === 'mutation' ? 'write' : 'read';
  if (principal.scopes.has(needed)) return null;
  return new GatewayError('FORBIDDEN', `This credential may not ${needed === 'write' ? 'change' : 'read'} fine-tuned models.`);
}
