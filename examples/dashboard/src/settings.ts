// What the page needs to know at run time. The gateway that serves the dashboard writes it into index.html
// (see src/dashboard.ts at the repository root); the defaults in index.html suit `npm run dashboard:dev`.

export interface DashboardSettings {
  /** Sent as `Authorization: Bearer <apiKey>` over HTTP, and in the connection params over WebSocket. */
  apiKey: string;
  /** Send each operation as the hash of a trusted document instead of its text (PERSISTED_OPERATIONS). */
  persistedDocuments: boolean;
}

export function readSettings(): DashboardSettings {
  const text = document.getElementById('dashboard-settings')?.textContent ?? '{}';
  const given = JSON.parse(text) as Partial<DashboardSettings>;
  return { apiKey: given.apiKey ?? 'sandbox-demo-key', persistedDocuments: given.persistedDocuments ?? false };
}
