// Node's HTTP server around the gateway's handler: listening, and a graceful close that lets requests in flight
// finish (for a bounded time) while no new connection is accepted.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HttpServer {
  readonly server: Server;
  /** Listens on the port (0: any free one) and resolves to the server's base URL. */
  listen(port: number, host: string): Promise<string>;
  /**
   * Stops accepting connections and closes idle ones, runs `whileDraining` (e.g. ending subscriptions), waits for the
   * requests in flight for at most `drainMs`, then closes every connection. Resolves to the requests cut short.
   */
  close(drainMs: number, whileDraining: () => Promise<void>): Promise<number>;
}

/** How long a client may take, and how many may be connected: a slow or greedy client cannot hold the server. */
export interface ServerLimits {
  /** To send a request's headers. */
  headersTimeoutMs: number;
  /** To send a whole request, body included (not the answer: a subscription's stream may last). */
  requestTimeoutMs: number;
  /** An idle kept-alive connection stays open this long. */
  keepAliveTimeoutMs: number;
  maxConnections: number;
}

export function createHttpServer(handle: (req: IncomingMessage, res: ServerResponse) => void, limits: ServerLimits): HttpServer {
  let closing = false;
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // Node checks the two timeouts above this often: a fraction of the shorter one, so a slowloris is cut on time.
      connectionsCheckingInterval: Math.max(50, Math.min(30_000, Math.floor(limits.headersTimeoutMs / 4))),
    },
    (req, res) => {
      inFlight += 1;
      res.once('close', () => {
        inFlight -= 1;
        if (inFlight === 0) drained?.();
      });
      // During shutdown a kept-alive connection may still bring a request: serve it, then close.
      if (closing) res.setHeader('connection', 'close');
      handle(req, res);
    },
  );
  server.maxConnections = limits.maxConnections;

  return {
    server,
    async listen(port, host) {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      return `http://${shownHost}:${address.port}`;
    },
    async close(drainMs, whileDraining) {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await whileDraining();
      if (inFlight > 0) {
        const allDone = new Promise<void>((resolve) => (drained = resolve));
        const timeUp = new Promise<void>((resolve) => setTimeout(resolve, drainMs).unref());
        await Promise.race([allDone, timeUp]);
      }
      const left = inFlight;
      server.closeAllConnections();
      await closed;
      return left;
    },
  };
}
