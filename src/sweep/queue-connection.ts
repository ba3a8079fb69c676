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
