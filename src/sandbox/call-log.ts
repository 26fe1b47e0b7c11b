import type { RouteName } from '../finetuning/contract.js';
import { hashHex } from './hashing.js';

export interface CallRecord {
  method: string;
  route: RouteName | 'unknown';
  path: string;
  /** The SHA-256 (hex) of the key the call presented: the log never holds a key itself. */
  keyHash: string | null;
  clientName: string | null;
  /** The status actually answered; 0 while unanswered, and for good when the request hangs. */
  status: number;
  at: number;
}

export interface CallFilter {
  route?: RouteName;
  method?: string;
  /** Calls made with this key (compared by its hash). */
  key?: string;
}

function matcher(filter: CallFilter): (record: CallRecord) => boolean {
  const keyHash = filter.key === undefined ? undefined : hashHex(filter.key);
  return (record) =>
    (filter.route === undefined || record.route === filter.route) &&
    (filter.method === undefined || record.method === filter.method.toUpperCase()) &&
    (keyHash === undefined || record.keyHash === keyHash);
}

/** Calls kept by default: a sandbox left running for days must not grow without end. */
const CALL_LOG_LIMIT = 200_000;

/** The most recent calls, in arrival order; once past its limit it lets go of the oldest tenth at a time. */
export class CallLog {
  private records: CallRecord[] = [];
  /** Calls let go of since the last reset: a count taken over that span is short by this many. */
  private droppedCount = 0;

  constructor(private readonly limit = CALL_LOG_LIMIT) {}

  /** Records a call as it arrives (so the log is in arrival order); the caller fills in `status` when answering. */
  begin(record: CallRecord): CallRecord {
    this.records.push(record);
    if (this.records.length > this.limit) {
      const drop = this.records.length - Math.floor(this.limit * 0.9);
      this.records = this.records.slice(drop);
      this.droppedCount += drop;
    }
    return record;
  }

  get dropped(): number {
    return this.droppedCount;
  }

  list(filter: CallFilter = {}): CallRecord[] {
    return this.records.filter(matcher(filter)).map((record) => ({ ...record }));
  }

  count(filter: CallFilter = {}): number {
    const matches = matcher(filter);
    return this.records.reduce((total, record) => total + (matches(record) ? 1 : 0), 0);
  }

  reset(): void {
    this.records = [];
    this.droppedCount = 0;
  }
}
