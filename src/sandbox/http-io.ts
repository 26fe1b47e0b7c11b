import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request the sandbox refuses, answered as Cohere does: the status and a JSON `{"message": …}`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

const MAX_BODY_BYTES = 1024 * 1024;

function canAnswer(res: ServerResponse): boolean {
  return !res.headersSent && !res.destroyed;
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  if (!canAnswer(res)) return;
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  sendText(res, status, JSON.stringify(body));
}

export function sendError(res: ServerResponse, error: HttpError): void {
  sendText(res, error.status, JSON.stringify({ message: error.message }), error.headers);
}

/**
 * Runs one request's work and turns what it throws into a JSON error. Nothing is answered once the sandbox
 * is stopping: the socket is being torn down anyway.
 */
export async function answerErrors(res: ServerResponse, stopping: AbortSignal, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (error instanceof HttpError) sendError(res, error);
    else if (!stopping.aborted) sendError(res, new HttpError(500, `sandbox error: ${String(error)}`));
  }
}

/** The parsed JSON body; a body over 1 MiB is drained (so the client sees the answer) and refused with 413. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  if (size > MAX_BODY_BYTES) throw new HttpError(413, 'request body is larger than 1 MiB');
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'request body is not valid JSON');
  }
}
