import type { RouteName } from '../finetuning/contract.js';

export interface CallRecord {
  method: string;
  route: RouteName | 'unknown';
  path: string;
  key: string | null;
  clientName: string | null;
  /** The status actually answered; 0 while unanswered, and for good when the request hangs. */
  status: number;
  at: number;
}

export interface CallFilter {
  route?: RouteName;
  method?: string;
  key?: string;
}

function matches(record: CallRecord, filter: CallFilter): boolean {
  return (
    (filter.route === undefined || record.route === filter.route) &&
    (filter.method === undefined || record.method === filter.method.toUpperCase()) &&
    (filter.key === undefined || record.key === filter.key)
  );
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
    return this.records.filter((record) => matches(record, filter)).map((record) => ({ ...record }));
  }

  count(filter: CallFilter = {}): number {
    return this.records.reduce((total, record) => total + (matches(record, filter) ? 1 : 0), 0);
  }

  reset(): void {
    this.records = [];
    this.droppedCount = 0;
  }
}
