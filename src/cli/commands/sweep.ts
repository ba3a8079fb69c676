import { END_POINT_CLASSES } from '../../sweep/classify-end-point.js';
import { checkRedis, parseQueueUrl } from '../../sweep/queue-connection.js';
import { runSweep } from '../../sweep/run-sweep.js';
import { parseSeedRange, sweepJobs } from '../../sweep/sweep-job.js';
import { OPTIMIZERS, trainOptions, type Optimizer } from '../../sweep/train-options.js';
import { InputError } from '../../errors.js';
import type { Command } from '../command.js';
import { checkOutputPath } from '../../io/check-output-path.js';
import { OUT_OPTION, digitsOption, integerInRange, optionalString, requiredString } from '../options.js';
import { toolVersion } from '../version.js';

export const sweepCommand: Command = {
  name: 'sweep',
  summary:
    'train one network per seed, classify each end point (minimum, plateau saddle, channel, saddle, unfinished), count',
  usage:
    'flat-channels sweep --problem P --seeds A..B [--width R] [--protocol paper|accurate | --optimizer gf|gd|adam|sgd|paper] [--steps N] [--lr X] [--max-time T] ' +
    '[--workers K | --queue redis://HOST:PORT] --out DIR [--json]',
  examples: [
    'flat-channels sweep --problem two-param --seeds 1..20 --width 2 --steps 2000 --out sweep-out',
    'flat-channels sweep --problem rosenbrock-2d --seeds 1..40 --width 3 --optimizer adam --out rosenbrock',
    'flat-channels sweep --problem glu-teacher --seeds 1..1000 --queue redis://10.0.0.5:6379 --out glu --json',
  ],
  options: {
    problem: {
      type: 'string',
      value: 'P',
      help: 'a built-in problem (two-param, glu-teacher, paper-toy, rosenbrock-2d) or a JSON spec',
    },
    seeds: {
      type: 'string',
      value: 'A..B',
      help: 'seeds of the Glorot-normal initialisation, A to B inclusive',
    },
    width: { type: 'string', value: 'R', help: 'student width, 1–1000 (default: the problem’s)' },
    optimizer: {
      type: 'string',
      value: 'NAME',
      help: 'gf (gradient flow), gd, adam, sgd or paper (the paper protocol), all in float64 (default gd)',
    },
    protocol: {
      type: 'string',
      value: 'NAME',
      help: 'paper (MLPGradientFlow.jl as in the paper: loose ODE, cubic barrier, Newton) or accurate (gf to t = 1e10)',
    },
    steps: { type: 'string', value: 'N', help: 'most optimiser steps per run (default 20000)' },
    lr: { type: 'string', value: 'X', help: 'learning rate of gd, adam, sgd (default 0.05; adam 0.01)' },
    'max-time': { type: 'string', value: 'T', help: 'time limit of gf (default 1e10)' },
    workers: { type: 'string', value: 'K', help: 'worker threads on this machine (default: all cores)' },
    queue: {
      type: 'string',
      value: 'URL',
      help: 'run through the Redis queue at redis://HOST:PORT (start `flat-channels worker` on each machine)',
    },
    'queue-timeout': {
      type: 'string',
      value: 'S',
      help: 'seconds Redis may stay unreachable mid-sweep before the sweep stops with exit 2 (default 60; results so far are kept)',
    },
    out: OUT_OPTION,
  },
  async run(values, io) {
    digitsOption(values);
    const problem = requiredString(values, 'problem');
    const { from, to } = parseSeedRange(requiredString(values, 'seeds'));
    if (to - from >= 1_000_000) throw new InputError('--seeds: at most 1 000 000 seeds per sweep');
    const out = requiredString(values, 'out');
    // Before any run: a sweep must not train for hours and then fail to store (or hang in /proc).
    checkOutputPath('--out', out, 'directory');
    const width =
      values['width'] === undefined ? undefined : integerInRange('--width', values['width'], 1, 1000);
    const protocol = optionalString(values, 'protocol');
    if (protocol !== undefined && protocol !== 'paper' && protocol !== 'accurate')
      throw new InputError(`--protocol: expected paper or accurate, got ${JSON.stringify(protocol)}`);
    if (protocol !== undefined && values['optimizer'] !== undefined)
      throw new InputError('--protocol and --optimizer exclude each other (a protocol fixes the optimiser)');
    const optimizerText =
      protocol === 'paper'
        ? 'paper'
        : protocol === 'accurate'
          ? 'gf'
          : (optionalString(values, 'optimizer') ?? 'gd');
    if (!(OPTIMIZERS as readonly string[]).includes(optimizerText)) {
      throw new InputError(
        `--optimizer: expected one of ${OPTIMIZERS.join(', ')}, got ${JSON.stringify(optimizerText)}`,
      );
    }
    const steps =
      values['steps'] === undefined ? undefined : integerInRange('--steps', values['steps'], 1, 1e9);
    const lrText = optionalString(values, 'lr');
    const lr = lrText === undefined ? undefined : Number(lrText);
    if (lr !== undefined && !(Number.isFinite(lr) && lr > 0 && /^[\d.eE+-]+$/.test(lrText ?? ''))) {
      throw new InputError(`--lr: expected a positive number such as 0.01, got ${JSON.stringify(lrText)}`);
    }
    const maxTimeText = optionalString(values, 'max-time');
    const maxTime = maxTimeText === undefined ? undefined : Number(maxTimeText);
    if (
      maxTime !== undefined &&
      !(Number.isFinite(maxTime) && maxTime > 0 && /^[\d.eE+]+$/.test(maxTimeText ?? ''))
    ) {
      throw new InputError(
        `--max-time: expected a positive number such as 1e8, got ${JSON.stringify(maxTimeText)}`,
      );
    }
    if (maxTime !== undefined && optimizerText !== 'gf')
      throw new InputError('--max-time: only gradient flow (--optimizer gf) has a time limit');
    const workers =
      values['workers'] === undefined ? undefined : integerInRange('--workers', values['workers'], 1, 1024);
    const queueText = optionalString(values, 'queue');
    const queue = queueText === undefined ? undefined : parseQueueUrl(queueText);
    if (queue !== undefined && workers !== undefined)
      throw new InputError('--workers and --queue exclude each other');
    const queueTimeout =
      values['queue-timeout'] === undefined
        ? undefined
        : integerInRange('--queue-timeout', values['queue-timeout'], 1, 86_400);
    if (queueTimeout !== undefined && queue === undefined)
      throw new InputError('--queue-timeout: only a sweep with --queue waits for Redis');
    const train = trainOptions({
      optimizer: optimizerText as Optimizer,
      ...(steps === undefined ? {} : { steps }),
      ...(lr === undefined ? {} : { learningRate: lr }),
      ...(maxTime === undefined ? {} : { maxTime }),
    });
    const jobs = sweepJobs(problem, from, to, {
      ...(width === undefined ? {} : { width }),
      train,
      version: toolVersion(),
    });
    const json = values['json'] === true;
    if (queue !== undefined && queueText !== undefined) await checkRedis(queue, queueText);
    const progress = io.isTTY && !json;
    const outcome = await runSweep(jobs, {
      out,
      ...(workers === undefined ? {} : { workers }),
      ...(queue === undefined ? {} : { queue }),
      ...(queueTimeout === undefined ? {} : { queueUnreachableMs: queueTimeout * 1000 }),
      onResult: (r, done, total) => {
        if (progress) io.stderr(`\r[${done}/${total}] seed ${r.seed}: ${r.class}\u001b[K`);
      },
      onNotice: (line) => io.stderr(`${progress ? '\r\u001b[K' : ''}flat-channels: sweep: ${line}\n`),
    });
    if (progress) {
      io.stderr(`\r\u001b[K${outcome.computed} run(s) computed, ${outcome.reused} already stored\n`);
    }
    if (outcome.kind === 'incomplete') {
      const seeds = outcome.failed.map((f) => f.seed).join(', ');
      io.stderr(
        `flat-channels: sweep incomplete: ${outcome.failed.length} run(s) failed (seeds ${seeds}): ${outcome.failed[0]?.reason ?? ''}; ` +
          `${outcome.computed + outcome.reused} results are stored in ${out}, re-run to retry\n`,
      );
      if (json)
        io.stdout(
          JSON.stringify({
            complete: false,
            computed: outcome.computed,
            reused: outcome.reused,
            failed: outcome.failed,
          }) + '\n',
        );
      return 1;
    }
    const s = outcome.summary;
    if (json) {
      io.stdout(
        JSON.stringify({
          complete: true,
          problem: s.problem,
          width: s.width,
          optimizer: s.train.optimizer,
          seeds: s.seeds,
          total: s.total,
          computed: outcome.computed,
          reused: outcome.reused,
          fractions: s.fractions,
          files: outcome.files,
        }) + '\n',
      );
      return 0;
    }
    const lines = [
      `sweep ${s.problem}, width ${s.width}, ${s.train.optimizer} (at most ${s.train.steps} steps), seeds ${s.seeds.from}..${s.seeds.to}: ` +
        `${s.total} runs`,
      `  ${'class'.padEnd(15)} ${'runs'.padStart(5)}  fraction  95% Wilson interval`,
      ...END_POINT_CLASSES.map((c) => {
        const f = s.fractions[c];
        const d3 = (x: string): string => Number(x).toFixed(3);
        return `  ${c.padEnd(15)} ${String(f.count).padStart(5)}  ${d3(f.fraction).padStart(8)}  [${d3(f.lower)}, ${d3(f.upper)}]`;
      }),
      `wrote ${outcome.files.join(', ')}`,
    ];
    io.stdout(lines.join('\n') + '\n');
    return 0;
  },
};
