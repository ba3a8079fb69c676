import { Redis } from 'ioredis';
import { InputError } from '../errors.js';

/** The queue of sweep jobs (BullMQ keys are prefixed `bull:flat-channels-sweep:`). */
export const QUEUE_NAME = 'flat-channels-sweep';

/** ioredis connection options from `redis://[user:password@]host[:port][/db]`. */
export interface RedisConnection {
  readonly host: string;
  readonly port: number;
  readonly db?: number;
  readonly username?: string;
  readonly password?: string;
  /** BullMQ workers need blocking commands that are never retried by ioredis itself. */
  readonly maxRetriesPerRequest: null;
}

/** Parses `--queue redis://HOST:PORT[/DB]` (port 6379 by default). */
export function parseQueueUrl(text: string): RedisConnection {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(`--queue: expected redis://HOST:PORT, got ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'redis:' || url.hostname === '') {
    throw new InputError(`--queue: expected redis://HOST:PORT, got ${JSON.stringify(text)}`);
  }
  const port = url.port === '' ? 6379 : Number(url.port);
  const dbText = url.pathname.replace(/^\//, '');
  if (dbText !== '' && !/^\d+$/.test(dbText)) {
    throw new InputError(
      `--queue: the path must be a database number (redis://HOST:PORT/0), got "/${dbText}"`,
    );
  }
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port,
    ...(dbText === '' ? {} : { db: Number(dbText) }),
    ...(url.username === '' ? {} : { username: decodeURIComponent(url.username) }),
    ...(url.password === '' ? {} : { password: decodeURIComponent(url.password) }),
    maxRetriesPerRequest: null,
  };
}

/** How long {@link checkRedis} waits for a connection and an answer. */
export const REDIS_CONNECT_TIMEOUT_MS = 5000;

/**
 * Connects once to the Redis of `connection` and checks that it answers PING with PONG, before a worker or a sweep
 * builds its BullMQ objects (which reconnect forever: an unreachable or mistyped address would hang silently, and
 * a server that is not Redis would print stack dumps). Refused with one InputError line naming `url`: connection
 * refused, host not found, no answer within `timeoutMs`, or an answer that is not Redis's.
 *
 * Syntax: `await checkRedis(parseQueueUrl(url), url)`
 *
 * See also: {@link parseQueueUrl}.
 */
export async function checkRedis(
  connection: RedisConnection,
  url: string,
  timeoutMs: number = REDIS_CONNECT_TIMEOUT_MS,
): Promise<void> {
  const redis = new Redis({
    ...connection,
    lazyConnect: true,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    enableReadyCheck: false,
  });
  let lastError: Error | undefined;
  redis.on('error', (e: Error) => (lastError = e));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
  });
  try {
    await Promise.race([redis.connect(), timeout]);
    const answer = await Promise.race([redis.ping(), timeout]);
    if (answer !== 'PONG')
      throw new Error(`answered PING with ${JSON.stringify(String(answer).slice(0, 40))}`);
  } catch (e) {
    const err = (lastError ?? e) as NodeJS.ErrnoException;
    const code = err.code ?? '';
    const reason =
      code === 'ECONNREFUSED'
        ? 'connection refused (is redis-server running there?)'
        : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? `host ${JSON.stringify(connection.host)} not found`
          : err.message === 'timeout' || code === 'ETIMEDOUT'
            ? `no answer within ${timeoutMs / 1000} s (a firewall, a wrong port, or not a Redis server)`
            : /NOAUTH|WRONGPASS|invalid password|AUTH/i.test(err.message)
              ? `authentication failed (${err.message.split('\n')[0] ?? ''})`
              : `not a usable Redis server (${(err.message.split('\n')[0] ?? '').slice(0, 120)})`;
    throw new InputError(`--queue ${url}: ${reason}`);
  } finally {
    clearTimeout(timer);
    redis.disconnect();
  }
}
