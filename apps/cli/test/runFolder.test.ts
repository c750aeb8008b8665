import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, writeSyntheticDataset } from '@mnist-kit/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const work = mkdtempSync(join(tmpdir(), 'mnist-kit-runs-'));
const data = join(work, 'data');
beforeAll(() => writeSyntheticDataset(data, 3000, 200));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const start = (out: string, ...more: string[]) => [
  'train',
  '--data-dir',
  data,
  '--backend',
  'cpu',
  '--batch-size',
  '32',
  '--out',
  out,
  ...more,
];

function expectOneLine(r: { code: number | null; stderr: string }, code: number, pattern: RegExp) {
  expect(r.code, r.stderr).toBe(code);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

/**
 * What a run folder may hold at any moment: a complete result set (every file of one run, consistent with
 * each other) or none, and a checkpoint whose data file is whole — never a mix or a half-written file.
 */
function expectConsistent(dir: string): { results: boolean; checkpointEpoch?: number } {
  const names = readdirSync(dir).filter((n) => n !== '.mnist-kit');
  const results = ['model.json', 'weights.bin', 'metrics.json', 'history.csv', 'report.html'];
  const present = results.filter((f) => existsSync(join(dir, f)));
  expect([0, results.length], `result files: ${present.join(', ')}`).toContain(present.length);
  if (present.length > 0) {
    const metrics = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8'));
    const weights = readFileSync(join(dir, 'weights.bin'));
    expect(createHash('sha256').update(weights).digest('hex')).toBe(metrics.weightsSha256);
    const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    const floats = model.weightsManifest[0].weights.reduce(
      (n: number, w: { shape: number[] }) => n + w.shape.reduce((a, b) => a * b, 1),
      0,
    );
    expect(weights.byteLength).toBe(4 * floats);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain(`content="${metrics.runId}"`);
    expect(readFileSync(join(dir, 'history.csv'), 'utf8').trim().split('\n')).toHaveLength(metrics.history.length + 1);
  }
  let checkpointEpoch: number | undefined;
  if (existsSync(join(dir, 'checkpoint.json'))) {
    const checkpoint = JSON.parse(readFileSync(join(dir, 'checkpoint.json'), 'utf8'));
    expect(statSync(join(dir, checkpoint.data)).size).toBe(checkpoint.bytes);
    checkpointEpoch = checkpoint.manifest.epoch;
  }
  // Nothing else at the top but checkpoint data files — the one named, and (killed between the switch to a
  // new checkpoint and the removal of the old one) the previous one — and, killed while writing a file, the
  // hidden temp file it was writing (`.<name>.<…>.tmp`, never a name anything reads). The next run removes both.
  const allowed = new Set([...results, 'checkpoint.json']);
  for (const name of names)
    if (!allowed.has(name)) expect(name).toMatch(/^(checkpoint-[0-9a-z]+-[0-9a-f]{8}\.bin|\..+\.tmp)$/);
  expect(names.filter((n) => n.startsWith('checkpoint-')).length).toBeLessThanOrEqual(2);
  return { results: present.length > 0, checkpointEpoch };
}

describe('--resume continues the run as it was started', () => {
  const dir = join(work, 'resume');
  it('records the data folder and every setting: --resume DIR alone continues, --epochs extends a finished run', async () => {
    const first = await runCli([
      ...start(dir, '--epochs', '1', '--hidden', '32,16', '--shift', '1', '--limit', '600'),
      '--json',
    ]);
    expect(first.code, first.stderr).toBe(0);
    // No --data-dir, no --hidden: both come from the checkpoint.
    const more = await runCli(['train', '--resume', dir, '--epochs', '2', '--json']);
    expect(more.code, more.stderr).toBe(0);
    const m = JSON.parse(more.stdout);
    expect(m.history).toHaveLength(2);
    expect(m.hidden).toEqual([32, 16]);
    expect(m.shift).toBe(1);
    expect(m.trainCount).toBe(600);
    expectConsistent(dir);
  });

  it('refuses flags that change the model or the data, and an --epochs not above the epochs done', async () => {
    expectOneLine(
      await runCli(['train', '--resume', dir, '--epochs', '3', '--hidden', '64']),
      2,
      /^error: --hidden cannot change when resuming: the run in .* was started with \[32,16\]/,
    );
    expectOneLine(
      await runCli(['train', '--resume', dir, '--dataset', 'kmnist']),
      2,
      /^error: --dataset cannot change when resuming/,
    );
    expectOneLine(
      await runCli(['train', '--resume', dir, '--epochs', '2']),
      2,
      /^error: the run in .* already has 2 epochs: resume with --epochs N above 2/,
    );
    expectOneLine(
      await runCli(['train', '--resume', dir, '--out', join(work, 'elsewhere')]),
      2,
      /^error: --out cannot differ from --resume/,
    );
  });

  it('a hand-edited or truncated checkpoint is one line naming the file', async () => {
    const file = join(dir, 'checkpoint.json');
    const good = readFileSync(file, 'utf8');
    const checkpoint = JSON.parse(good);
    try {
      checkpoint.manifest.extra.run.hidden = 'many';
      writeFileSync(file, JSON.stringify(checkpoint));
      expectOneLine(
        await runCli(['train', '--resume', dir, '--epochs', '3']),
        1,
        /^error: checkpoint .*checkpoint\.json has bad run settings: hidden must be a list of positive integers/,
      );
      writeFileSync(file, good.slice(0, good.length / 2));
      expectOneLine(
        await runCli(['train', '--resume', dir, '--epochs', '3']),
        1,
        /^error: checkpoint is not valid JSON .*checkpoint\.json/,
      );
      writeFileSync(file, good);
      const dataFile = join(dir, checkpoint.data);
      const bytes = readFileSync(dataFile);
      writeFileSync(dataFile, bytes.subarray(0, 100));
      expectOneLine(
        await runCli(['train', '--resume', dir, '--epochs', '3']),
        1,
        /^error: checkpoint .* expects \d+ bytes of data/,
      );
      writeFileSync(dataFile, bytes);
    } finally {
      writeFileSync(file, good);
    }
  });
});

describe('one run per folder', () => {
  it("a second train on a folder a live run holds is refused with its PID; a dead run's lock is taken over", async () => {
    const dir = join(work, 'locked');
    let second: Promise<Awaited<ReturnType<typeof runCli>>> | undefined;
    let holder = 0;
    const first = runCli(start(dir, '--epochs', '200'), {
      onStderr: (chunk, child) => {
        if (second === undefined && /epoch 1\/200/.test(chunk)) {
          holder = child.pid!;
          second = runCli(start(dir, '--epochs', '1')).finally(() => child.kill('SIGKILL'));
        }
      },
    });
    const killed = await first;
    expect(killed.signal).toBe('SIGKILL');
    const refused = await second!;
    expectOneLine(
      refused,
      1,
      new RegExp(`^error: the output folder .* is in use by another mnist-kit run \\(pid ${holder}, since `),
    );
    // The killed run left its lock behind: the next run takes it over.
    expect(existsSync(join(dir, '.mnist-kit', 'lock'))).toBe(true);
    const next = await runCli(start(dir, '--epochs', '1'));
    expect(next.code, next.stderr).toBe(0);
    expect(existsSync(join(dir, '.mnist-kit', 'lock'))).toBe(false);
    expectConsistent(dir);
  });

  it('an --out that cannot be written is refused before training starts', async () => {
    const file = join(work, 'a-file');
    writeFileSync(file, 'not a folder');
    const r = await runCli(start(join(file, 'run'), '--epochs', '1'));
    expectOneLine(r, 1, /^error: cannot write the output folder .*a-file\/run/);
  });
});

describe('SIGKILL at any moment', () => {
  it('leaves the previous complete set or the new one, never a mix; the next run clears what was left', async () => {
    const dir = join(work, 'killed');
    // One uninterrupted run, timed, also leaves a result set to keep.
    const t0 = performance.now();
    const full = await runCli(start(dir, '--epochs', '3'));
    const duration = performance.now() - t0;
    expect(full.code, full.stderr).toBe(0);
    let kept = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')).runId;
    const kills = 12;
    let killed = 0;
    let keptPrevious = 0;
    for (let i = 0; i < kills; i++) {
      // Spread over the whole run: start-up, epochs, checkpoints, evaluation, the final save.
      const delay = (duration * (i + 0.5)) / kills;
      let timer: NodeJS.Timeout | undefined;
      const r = await runCli(start(dir, '--epochs', '3', '--seed', String(i + 1)), {
        onStderr: (_chunk, child) => {
          timer ??= setTimeout(() => child.kill('SIGKILL'), Math.max(0, delay - 150));
        },
      });
      clearTimeout(timer);
      const state = expectConsistent(dir);
      expect(state.results).toBe(true);
      // Killed before its commit, the previous set is intact; after it, the new one replaced it whole.
      const runId = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')).runId;
      if (r.signal === 'SIGKILL') {
        killed++;
        if (runId === kept) keptPrevious++;
        // Its checkpoint (if it got one) is whole and resumable.
        if (state.checkpointEpoch !== undefined && state.checkpointEpoch < 3) {
          const resumed = await runCli(['train', '--resume', dir, '--epochs', String(state.checkpointEpoch + 1)]);
          expect(resumed.code, resumed.stderr).toBe(0);
          expectConsistent(dir);
        }
      }
      kept = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')).runId;
    }
    // The loop really killed runs, most before their results were in.
    expect(killed).toBeGreaterThanOrEqual(kills / 2);
    expect(keptPrevious).toBeGreaterThanOrEqual(kills / 3);
    // What a kill in the middle of a write leaves (whether or not the loop above hit one): removed on open.
    writeFileSync(join(dir, '.checkpoint-mx4tvtjk-82f4d81e.bin.12774.ecqhnern0hp.tmp'), 'half');
    writeFileSync(join(dir, '.model.json.mx4tvtjk-82f4d81e.tmp'), 'half');
    const last = await runCli(start(dir, '--epochs', '1'));
    expect(last.code, last.stderr).toBe(0);
    expectConsistent(dir);
    expect(readdirSync(dir).filter((n) => n.startsWith('checkpoint-'))).toHaveLength(1);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    const internal = readdirSync(join(dir, '.mnist-kit'));
    expect(internal.filter((n) => n.startsWith('results-'))).toHaveLength(1);
    expect(internal.sort()).toEqual(['results', internal.find((n) => n.startsWith('results-'))].sort());
  });
});
