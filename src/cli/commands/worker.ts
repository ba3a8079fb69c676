import { availableParallelism } from 'node:os';
import { checkRedis, parseQueueUrl } from '../../sweep/queue-connection.js';
import { startQueueWorker } from '../../sweep/queue-worker.js';
import type { Command } from '../command.js';
import { digitsOption, integerInRange, requiredString } from '../options.js';

export const workerCommand: Command = {
  name: 'worker',
  summary:
    'run sweep jobs from a Redis queue (start one per machine; stops on SIGINT/SIGTERM after its running jobs)',
  usage: 'flat-channels worker --queue redis://HOST:PORT [--concurrency K] [--lock-ms MS] [--json]',
  examples: [
    'flat-channels worker --queue redis://127.0.0.1:6379',
    'flat-channels worker --queue redis://sweeps.internal:6379 --concurrency 8',
  ],
  options: {
    queue: { type: 'string', value: 'URL', help: 'the Redis of the queue, redis://HOST:PORT[/DB]' },
    concurrency: {
      type: 'string',
      value: 'K',
      help: 'jobs at once, each in a sandboxed child process (default: all cores)',
    },
    'lock-ms': {
      type: 'string',
      value: 'MS',
      help: 'job lock duration; a dead worker’s job is taken back within about 2× this (default 30000)',
    },
  },
  async run(values, io) {
    digitsOption(values);
    const url = requiredString(values, 'queue');
    const connection = parseQueueUrl(url);
    const concurrency =
      values['concurrency'] === undefined
        ? availableParallelism()
        : integerInRange('--concurrency', values['concurrency'], 1, 1024);
    const lock =
      values['lock-ms'] === undefined
        ? 30_000
        : integerInRange('--lock-ms', values['lock-ms'], 500, 3_600_000);
    const json = values['json'] === true;
    await checkRedis(connection, url);
    let completed = 0;
    let failed = 0;
    const worker = startQueueWorker({
      connection,
      concurrency,
      lockDurationMs: lock,
      stalledIntervalMs: lock,
      log: (line) => {
        if (line.startsWith('completed')) completed++;
        if (line.startsWith('failed')) failed++;
        io.stderr(`worker ${process.pid}: ${line}\n`);
      },
    });
    await worker.waitUntilReady();
    io.stderr(`worker ${process.pid}: listening on ${url}, ${concurrency} sandboxed process(es)\n`);
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await worker.close();
    io.stderr(`worker ${process.pid}: stopped after ${completed} completed, ${failed} failed job(s)\n`);
    if (json) io.stdout(JSON.stringify({ completed, failed }) + '\n');
    return 0;
  },
};
