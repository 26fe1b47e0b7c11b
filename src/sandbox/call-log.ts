import type { RouteName } from './routes.js';

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

export class CallLog {
  private records: CallRecord[] = [];

  /** Records a call as it arrives (so the log is in arrival order); the caller fills in `status` when answering. */
  begin(record: CallRecord): CallRecord {
    this.records.push(record);
    return record;
  }

  list(filter: CallFilter = {}): CallRecord[] {
    return this.records.filter((record) => matches(record, filter)).map((record) => ({ ...record }));
  }

  count(filter: CallFilter = {}): number {
    return this.records.reduce((total, record) => total + (matches(record, filter) ? 1 : 0), 0);
  }

  reset(): void {
    this.records = [];
  }
}
