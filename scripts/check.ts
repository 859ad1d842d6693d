// `npm run check`: the static checks (typecheck, lint, format) side by side — each is mostly one
// core's work, and CI has two — then the test suite. Running the static checks beside the suite
// instead was measured slower on 2 cores (307.6 s against 257.0 s, the same CPU time): the
// suite's process tests slow down more under the extra load than the gaps they leave. Each check's output is printed whole when it
// ends, so the lines of two checks never interleave; any failure fails the whole check.
import { spawn } from 'node:child_process';

function run(script: string): Promise<{ script: string; code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ script, code: code ?? 1, output }));
  });
}

const started = Date.now();
const results = await Promise.all(['typecheck', 'lint', 'format:check'].map(run));
for (const r of results) {
  process.stdout.write(`\n> ${r.script}: ${r.code === 0 ? 'ok' : `failed (exit ${r.code})`}\n${r.output}`);
}
process.stdout.write(`\nstatic checks: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
if (results.some((r) => r.code !== 0)) process.exit(1);

const test = spawn('npm', ['run', '--silent', 'test'], { stdio: 'inherit' });
test.on('close', (code) => process.exit(code ?? 1));
