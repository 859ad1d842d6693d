/**
 * What rendering issue templates costs. Prints figures; asserts nothing.
 *
 *   node bench/render.ts [runs]
 *
 * 1. The whole fixture set (test/fixtures/templates) rendered in this process after warm-up,
 *    once per fixture and once per fixture at each of five instants. Target: under 50 ms a set.
 * 2. One render of the seed template in the sandbox pnd uses (template/sandbox.ts: a confined
 *    child process) against the same render in this process, the same number of runs each,
 *    interleaved: median and range. What the sandbox costs is its process start.
 * 3. `pnd issue render --json` as a whole process with Node's compile cache warm, against
 *    `node -e 0` on the same machine: the median of N runs each. Target: within 3x.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderIssueTemplate } from '../src/template/render.ts';
import { renderInSandbox } from '../src/template/sandbox.ts';

const root = join(import.meta.dirname, '..');
const fixtures = join(root, 'test', 'fixtures', 'templates');
const templates = readdirSync(fixtures)
  .filter((name) => name.endsWith('.tmpl'))
  .map((name) => ({ name, text: readFileSync(join(fixtures, name), 'utf8') }));
const env = { GITHUB_REPOSITORY: 'Altinn/altinn-authentication', TEAM: 'tilgangsinfo' };
const instants = [
  '2026-12-28T05:00:00Z',
  '2027-01-04T05:00:00Z',
  '2022-12-26T05:00:00Z',
  '2021-01-01T00:30:00Z',
  '2026-11-23T05:00:00Z',
].map((instant) => Date.parse(instant));

function renderSet(nows: number[]): void {
  for (const { name, text } of templates)
    for (const now of nows) renderIssueTemplate(text, { file: name, now, env });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function timeMs(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

const cold = timeMs(() => renderSet(instants.slice(0, 1)));
for (let i = 0; i < 20; i++) renderSet(instants);
const once = median(Array.from({ length: 30 }, () => timeMs(() => renderSet(instants.slice(0, 1)))));
const atAll = median(Array.from({ length: 15 }, () => timeMs(() => renderSet(instants))));
console.log(`fixture set: ${templates.length} templates`);
console.log(`  first render of the set (cold, in process):   ${cold.toFixed(1)} ms`);
console.log(`  the set after warm-up (median of 30):          ${once.toFixed(2)} ms  (target < 50 ms)`);
console.log(`  the set at ${instants.length} instants after warm-up (median of 15): ${atAll.toFixed(2)} ms`);

const runs = Number(process.argv[2] ?? 21);

function range(values: number[]): string {
  return `${Math.min(...values).toFixed(1)}..${Math.max(...values).toFixed(1)}`;
}

const seedText = readFileSync(join(fixtures, 'tilgangsinfo-pnd.tmpl'), 'utf8');
const seedOptions = { file: 'tilgangsinfo-pnd.tmpl', now: instants[1] as number, env };
const inProcessTimes: number[] = [];
const sandboxTimes: number[] = [];
await renderInSandbox(seedText, seedOptions); // warm-up: the OS file cache
for (let i = 0; i < runs; i++) {
  inProcessTimes.push(timeMs(() => renderIssueTemplate(seedText, seedOptions)));
  const start = performance.now();
  await renderInSandbox(seedText, seedOptions);
  sandboxTimes.push(performance.now() - start);
}
console.log(`one render of the seed template, ${runs} runs each (median, range):`);
console.log(
  `  in process:                                    ${median(inProcessTimes).toFixed(2)} ms  (${range(inProcessTimes)})`,
);
console.log(
  `  sandboxed (child process, permission model):   ${median(sandboxTimes).toFixed(1)} ms  (${range(sandboxTimes)})`,
);

const node = process.execPath;
const seed = join(fixtures, 'tilgangsinfo-pnd.tmpl');
const pndArgs = [
  join(root, 'bin', 'pnd.js'),
  '--json',
  'issue',
  'render',
  '-t',
  seed,
  '--date',
  '2027-01-04T05:00:00Z',
];

function processMs(args: string[]): number {
  const start = performance.now();
  const result = spawnSync(node, args, { stdio: ['ignore', 'ignore', 'ignore'] });
  const elapsed = performance.now() - start;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited with ${result.status}`);
  return elapsed;
}

// Warm-up: fills Node's compile cache (bin/pnd.js enables it) and the OS file cache.
for (let i = 0; i < 3; i++) {
  processMs(pndArgs);
  processMs(['-e', '0']);
}
const pndTimes: number[] = [];
const baseTimes: number[] = [];
// Interleaved, so a noisy neighbour slows both alike.
for (let i = 0; i < runs; i++) {
  pndTimes.push(processMs(pndArgs));
  baseTimes.push(processMs(['-e', '0']));
}
const pndMedian = median(pndTimes);
const baseMedian = median(baseTimes);
console.log(`whole process, median of ${runs} runs (Node ${process.versions.node}, compile cache warm):`);
console.log(`  node -e 0:                                     ${baseMedian.toFixed(1)} ms`);
console.log(`  pnd issue render --json (seed template):       ${pndMedian.toFixed(1)} ms`);
console.log(
  `  ratio:                                         ${(pndMedian / baseMedian).toFixed(2)}x  (target within 3x)`,
);
