// A proxy in front of an upstream that loses the answer to the first create after the upstream acted: the create
// reaches the upstream, which makes the model, and the caller gets a 502. What a retried create must survive.
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LossyProxy {
  url: string;
  stop(): Promise<void>;
}

export async function startLossyProxy(upstreamUrl: string): Promise<LossyProxy> {
  const target = new URL(upstreamUrl);
  let lostOnce = false;
  const proxy = createServer((req, res) => {
    const forward = httpRequest({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (upstreamRes) => {
      if (req.method === 'POST' && !lostOnce) {
        lostOnce = true;
        upstreamRes.resume();
        res.writeHead(502, { 'content-type': 'application/json' }).end('{"message":"bad gateway"}');
        return;
      }
      res.writeHead(upstreamRes.statusCode ?? 500, upstreamRes.headers);
      upstreamRes.pipe(res);
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    stop: () => new Promise<void>((resolve) => proxy.close(() => resolve())),
  };
}
