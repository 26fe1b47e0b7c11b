// Opaque, versioned, signed cursors over the upstream's page tokens. A cursor names its connection and the exact
// position after its edge: the upstream page (token + size) and how many of that page's items come before.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { MAX_PAGE_SIZE } from '../finetuning/contract.js';
import type { OrderDirection } from '../finetuning/model.js';
import { badUserInput } from '../errors.js';

const VERSION = 2;

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

/** Where an item stands in its list: its creation time (the order of every list) and what tells it from its neighbours. */
export interface ItemKey {
  at: string | null;
  id: string;
}

export interface CursorPosition {
  /** Upstream page token of the page to resume in; '' is the first page. */
  pageToken: string;
  /** Page size the position was counted in: resuming must ask for the same size to see the same page. */
  pageSize: number;
  /** Items of that page already delivered. */
  offset: number;
  /** The item the cursor comes right after, so a list that changed since (a model created or deleted) resumes there. */
  after?: ItemKey;
}

interface CursorPayload {
  v: number;
  /** Connection identity, e.g. "events:ASC:<modelId>". */
  c: string;
  t: string;
  s: number;
  o: number;
  /** The item key: [at, id]. */
  k?: [string | null, string];
}

/** Longest item key part a cursor carries: upstream ids and timestamps are far shorter. */
const MAX_KEY_LENGTH = 256;

/** Bytes of the HMAC kept in a cursor: 128 bits cannot be guessed, and cursors stay short. */
const MAC_BYTES = 16;

const malformed = () => badUserInput('The cursor `after` is malformed.');

/**
 * Makes and reads cursors, signed with an HMAC so that a client can neither forge a position nor change the page size
 * a resumed walk asks the upstream for (which would change what an operation costs). The secret must be the same on
 * every instance that may read a cursor another made.
 */
export class CursorCodec {
  constructor(private readonly secret: string | Buffer) {}

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.secret).update(payload).digest().subarray(0, MAC_BYTES);
  }

  encode(connection: string, position: CursorPosition): string {
    const payload: CursorPayload = { v: VERSION, c: connection, t: position.pageToken, s: position.pageSize, o: position.offset };
    if (position.after) payload.k = [position.after.at, position.after.id];
    const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${encoded}.${this.mac(encoded).toString('base64url')}`;
  }

  /** Throws BAD_USER_INPUT unless the cursor is ours, unaltered, of this version and minted for `connection`. */
  decode(connection: string, cursor: string): CursorPosition {
    const payload = this.read(cursor);
    if (payload.c !== connection) throw badUserInput('The cursor `after` belongs to another connection.');
    const position: CursorPosition = { pageToken: payload.t, pageSize: payload.s, offset: payload.o };
    if (payload.k) position.after = { at: payload.k[0], id: payload.k[1] };
    return position;
  }

  /** The connection a cursor was minted for, or null when it is not a cursor of ours. */
  connectionOf(cursor: string): string | null {
    try {
      return this.read(cursor).c;
    } catch {
      return null;
    }
  }

  private read(cursor: string): CursorPayload {
    const [encoded = '', signature = '', ...rest] = cursor.split('.');
    const given = Buffer.from(signature, 'base64url');
    if (rest.length > 0 || given.length !== MAC_BYTES || !timingSafeEqual(given, this.mac(encoded))) throw malformed();
    let payload: unknown;
    try {
      payload = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
    } catch {
      throw malformed();
    }
    if (!isPayload(payload)) throw malformed();
    return payload;
  }
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
    (p.o as number) <= (p.s as number) &&
    (p.k === undefined || isKey(p.k))
  );
}

function isKey(value: unknown): boolean {
  if (!Array.isArray(value) || value.length !== 2) return false;
  const [at, id] = value as unknown[];
  return (at === null || (typeof at === 'string' && at.length <= MAX_KEY_LENGTH)) && typeof id === 'string' && id.length <= MAX_KEY_LENGTH;
}
