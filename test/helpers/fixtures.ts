// Values many tests share.
import { randomUUID } from 'node:crypto';

/** A key no other test uses: a fresh sandbox tenant. */
export const freshKey = (label = 'test') => `${label}-${randomUUID()}`;

/** The example dashboard's manifest of trusted documents (written by `npm run codegen`). */
export const DASHBOARD_MANIFEST = 'examples/dashboard/src/gql/persisted-documents.json';
