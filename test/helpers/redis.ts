// A real redis-server for the scale-out tests: a child process on 127.0.0.1 and a free port, nothing written to
// disk. It can be killed and started again on the same port, as when Redis goes away and comes back.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

/** Whether `redis-server` is on the PATH (Debian's redis-server package; .ci/run installs it). */
export const redisServerInstalled = (): boolean => spawnSync('redis-server', ['--version']).status === 0;

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export class RedisServer {
  private child: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await freePort());
    await server.start();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts it (again) on its port and resolves once it accepts connections. */
  async start(): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`)));
    });
  }

  /** Every key and what it holds (strings and lists), to check what the gateway stores. */
  async contents(): Promise<Record<string, string | string[]>> {
    const redis = new Redis(this.url);
    try {
      const entries = await Promise.all(
        (await redis.keys('*')).map(async (key) => [key, (await redis.type(key)) === 'list' ? await redis.lrange(key, 0, -1) : await redis.get(key)] as const),
      );
      return Object.fromEntries(entries.map(([key, value]) => [key, value ?? '']));
    } finally {
      redis.disconnect();
    }
  }

  /** Kills it outright, as a crash would, and resolves once the process is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }
}
