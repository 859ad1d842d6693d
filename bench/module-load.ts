/**
 * What `pnd status` loads (issue 11): `pnd sim` runs in its own process (frozen time, the seed
 * estate); `pnd status --json` runs against it as a user runs it, with a preload that counts the
 * modules the process loaded (and how many of them are @kubernetes/client-node and @azure/*),
 * its CPU time and its peak RSS. Median and range of N runs (default 5), after one warm-up run
 * that fills Node's compile cache. Target: no @kubernetes or @azure module, since `pnd status`
 * runs no check. Prints figures; asserts nothing.
 *
 *   node bench/module-load.ts [--runs 5]
 *
 * The figures before issue 11's provider registry cannot be re-measured here (the code that
 * loaded every SDK eagerly is gone), so they are printed as recorded, labelled as such.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);

/**
 * Measured with this same bench at commit 50d6daf (before issue 11), 5 runs after a warm-up, on
 * the 2-core machine the project was built on: recorded, since that code no longer exists here.
 */
const RECORDED_BEFORE = {
  note: 'commit 50d6daf, 5 runs, recorded 2026-12-05',
  figures: {
    'modules loaded': { value: { median: 2025, min: 2025, max: 2025 }, unit: '' },
    '  of @kubernetes/client-node': { value: { median: 868, min: 868, max: 868 }, unit: '' },
    '  of @azure/*': { value: { median: 391, min: 391, max: 391 }, unit: '' },
    '  of @octokit/*': { value: { median: 18, min: 18, max: 18 }, unit: '' },
    'CPU time (user + system)': { value: { median: 1876, min: 1823, max: 2036 }, unit: ' ms' },
    'peak RSS': { value: { median: 232, min: 232, max: 233 }, unit: ' MiB' },
  },
};

interface Sample {
  modules: number;
  kubernetes: number;
  azure: number;
  octokit: number;
  cpuMs: number;
  peakRssMiB: number;
}

const dir = await mkdtemp(join(tmpdir(), 'pnd-bench-modules-'));
const sim = spawn(
  process.execPath,
  ['bin/pnd.js', 'sim', '--json', '--speed', '0', '--scenario', 'examples/tilgangsinfo/scenario.yaml'],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
try {
  const ready = JSON.parse(
    await new Promise<string>((resolve) => createInterface({ input: sim.stdout! }).once('line', resolve)),
  ) as { caFile: string; urls: { github: string; azureDevOpsRelease: string; azureDevOpsBuild: string } };
  const config = join(dir, 'pnd.yaml');
  const example = await readFile('examples/tilgangsinfo/pnd.yaml', 'utf8');
  await writeFile(
    config,
    `${example}\nendpoints:\n  github:\n    apiUrl: ${ready.urls.github}\n  azureDevOps:\n    releaseUrl: ${ready.urls.azureDevOpsRelease}\n    buildUrl: ${ready.urls.azureDevOpsBuild}\n`,
  );
  const out = join(dir, 'samples.jsonl');
  const env = {
    PATH: process.env.PATH ?? '',
    NO_COLOR: '1',
    GITHUB_TOKEN: 'ghp_sim_oncall_kari',
    AZURE_DEVOPS_TOKEN: 'ado-pat-kari-oncall',
    NODE_EXTRA_CA_CERTS: ready.caFile,
    PND_JOURNAL: join(dir, 'journal.sqlite'),
    PND_MODULE_COUNT_OUT: out,
  };
  const once = () =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', './bench/lib/module-count.ts', 'bin/pnd.js', '--json', 'status', '--config', config],
        { env, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`pnd status exited ${code}: ${stderr}`)),
      );
    });
  await once(); // warm-up: fills the compile cache, as a second run of a real user has it
  await writeFile(out, '');
  for (let i = 0; i < runs; i++) await once();
  const samples = (await readFile(out, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Sample);

  const stat = (pick: (s: Sample) => number) => {
    const v = samples.map(pick).sort((a, b) => a - b);
    const mid = Math.floor(v.length / 2);
    const median = v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
    return { median, min: v[0]!, max: v[v.length - 1]! };
  };
  const line = (name: string, s: { median: number; min: number; max: number }, unit = '') =>
    `  ${name.padEnd(28)} ${String(s.median).padStart(6)}${unit}  (range ${s.min}–${s.max}${unit})`;
  console.log(`pnd status --json against pnd sim (own process), ${runs} runs after a warm-up`);
  console.log(
    line(
      'modules loaded',
      stat((s) => s.modules),
    ),
  );
  console.log(
    line(
      '  of @kubernetes/client-node',
      stat((s) => s.kubernetes),
    ),
  );
  console.log(
    line(
      '  of @azure/*',
      stat((s) => s.azure),
    ),
  );
  console.log(
    line(
      '  of @octokit/*',
      stat((s) => s.octokit),
    ),
  );
  console.log(
    line(
      'CPU time (user + system)',
      stat((s) => s.cpuMs),
      ' ms',
    ),
  );
  console.log(
    line(
      'peak RSS',
      stat((s) => s.peakRssMiB),
      ' MiB',
    ),
  );
  console.log(`recorded before issue 11 (${RECORDED_BEFORE.note}; not re-measured in this run):`);
  for (const [name, s] of Object.entries(RECORDED_BEFORE.figures)) console.log(line(name, s.value, s.unit));
} finally {
  sim.kill('SIGTERM');
  await rm(dir, { recursive: true, force: true });
}
