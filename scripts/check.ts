// `npm run check`: the static checks (typecheck, lint, format) and the test suite, all at once.
// The suite's files spend part of their time waiting on child processes and round trips, which
// leaves one of CI's two cores idle about a fifth of the time; the static checks (about 65 CPU-s,
// mostly one core each) fill those gaps instead of running first on their own (36 s of wall time
// before a single test). The suite streams its output; each static check's output is kept and
// printed whole after it, so the lines never interleave. Any failure fails the whole check.
import { spawn } from 'node:child_process';

interface Result {
  script: string;
  code: number;
  output: string;
  seconds: number;
}

const started = Date.now();

function run(script: string): Promise<Result> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) =>
      resolve({ script, code: code ?? 1, output, seconds: (Date.now() - started) / 1000 }),
    );
  });
}

const tests = new Promise<number>((resolve) => {
  const child = spawn('npm', ['run', '--silent', 'test'], { stdio: 'inherit' });
  child.on('close', (code) => resolve(code ?? 1));
});
const statics = await Promise.all(['typecheck', 'lint', 'format:check'].map(run));
const testCode = await tests;

for (const r of statics) {
  const verdict = r.code === 0 ? 'ok' : `failed (exit ${r.code})`;
  process.stdout.write(`\n> ${r.script}: ${verdict}, done at ${r.seconds.toFixed(1)} s\n${r.output}`);
}
const failed = [
  ...statics.filter((r) => r.code !== 0).map((r) => r.script),
  ...(testCode === 0 ? [] : ['test']),
];
process.stdout.write(
  `\ncheck: ${failed.length === 0 ? 'passed' : `failed (${failed.join(', ')})`} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
);
process.exit(failed.length === 0 ? 0 : 1);
