import { HttpError } from './http-io.js';

const KEY_PATTERN = /^[\x21-\x7e]{1,256}$/;
const READ_ONLY_PREFIX = 'ro-';

/** The key a caller presented, valid or not (for the call log); null when there is no Bearer key at all. */
export function presentedKey(authorization: string | undefined): string | null {
  const match = /^bearer(?:\s+(.*))?$/is.exec(authorization ?? '');
  return match?.[1] ? match[1] : null;
}

export function authenticate(authorization: string | undefined): string {
  const key = presentedKey(authorization);
  if (key === null) throw new HttpError(401, 'no api key supplied');
  if (!KEY_PATTERN.test(key)) throw new HttpError(401, 'invalid api token');
  return key;
}

export function isReadOnlyKey(key: string): boolean {
  return key.startsWith(READ_ONLY_PREFIX);
}
