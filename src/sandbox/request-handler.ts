import type { IncomingMessage, ServerResponse } from 'node:http';

/** One part of the sandbox's HTTP surface; the server has already split the URL. */
export type RequestHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  query: URLSearchParams,
) => Promise<void>;
