// Opaque, versioned cursors over the upstream's page tokens. A cursor names its connection and the exact
// position after its edge: the upstream page (token + size) and how many of that page's items come before.
import { MAX_PAGE_SIZE } from '../finetuning/contract.js';
import type { OrderDirection } from '../finetuning/model.js';
import { badUserInput } from '../errors.js';

const VERSION = 1;

export type ConnectionKind = 'models' | 'events' | 'stepMetrics';

/**
 * Identity of one connection: its kind, its order and what it lists (a model id for nested lists). The kind and
 * order come first so a cursor can be checked against a field before its parent is known.
 */
export function connectionId(kind: ConnectionKind, order: OrderDirection, scope = ''): string {
  return `${connectionPrefix(kind, order)}${scope}`;
}

export function connectionPrefix(kind: ConnectionKind, order: OrderDirection): string {
  return `${kind}:${order}:`;
}

export interface CursorPosition {
  /** Upstream page token of the page to resume in; '' is the first page. */
  pageToken: string;
  /** Page size the position was counted in: resuming must ask for the same size to see the same page. */
  pageSize: number;
  /** Items of that page already delivered. */
  offset: number;
}

interface CursorPayload {
  v: number;
  /** Connection identity, e.g. "events:<modelId>:ASC". */
  c: string;
  t: string;
  s: number;
  o: number;
}

export function encodeCursor(connection: string, position: CursorPosition): string {
  const payload: CursorPayload = { v: VERSION, c: connection, t: position.pageToken, s: position.pageSize, o: position.offset };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

/** Throws BAD_USER_INPUT unless the cursor is well-formed, of this version and minted for `connection`. */
export function decodeCursor(connection: string, cursor: string): CursorPosition {
  const payload = parseCursor(cursor);
  if (payload.c !== connection) throw badUserInput('The cursor `after` belongs to another connection.');
  return { pageToken: payload.t, pageSize: payload.s, offset: payload.o };
}

/** The connection a cursor was minted for, or null when it is not a cursor of ours. */
export function cursorConnection(cursor: string): string | null {
  try {
    return parseCursor(cursor).c;
  } catch {
    return null;
  }
}

function parseCursor(cursor: string): CursorPayload {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badUserInput('The cursor `after` is malformed.');
  }
  if (!isPayload(payload)) throw badUserInput('The cursor `after` is malformed.');
  return payload;
}

function isPayload(value: unknown): value is CursorPayload {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return (
    p.v === VERSION &&
    typeof p.c === 'string' &&
    typeof p.t === 'string' &&
    Number.isInteger(p.s) &&
    (p.s as number) >= 1 &&
    (p.s as number) <= MAX_PAGE_SIZE &&
    Number.isInteger(p.o) &&
    (p.o as number) >= 0 &&
    (p.o as number) <= (p.s as number)
  );
}
