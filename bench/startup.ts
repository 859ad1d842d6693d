/**
 * Start-up cost of pnd (issue 12 item 12) by the ways a user can start it: the README's
 * `npx pnd`, the bin itself (what `npm link`, a global install or node_modules/.bin of a project
 * that depends on pnd puts on PATH), `node bin/pnd.js`, and `node -e 0` as the floor (Node
 * itself). Run it through npm (`npm run bench:startup`) so that `node` is the project's Node 24. For `pnd --help` and
 * `pnd issue render` (a template from test/fixtures). Each command runs --runs times (default 10)
 * after one warm-up (which fills Node's compile cache, as any second run of pnd finds it); each
 * prints the median and range of its wall time and of its CPU time (user + system of the child,
 * from /proc/self/stat; CPU is the steadier figure on a loaded machine). Prints figures; asserts
 * nothing. No network, no simulator.
 *
 *   node bench/startup.ts [--runs 10]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatSummary, summarize } from './lib/runner.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' } } });
const runs = Number(values.runs);

const node = process.execPath;
const TEMPLATE = ['-t', 'test/fixtures/weekly-issue/template.tmpl', '--date', '2026-11-23T06:00:00+01:00'];
const ways: { name: string; command: string; args: string[] }[] = [
  { name: 'npx pnd', command: 'npx', args: ['--no-install', 'pnd'] },
  // What `npm link` or an install puts on PATH: the bin itself, through its `env node` shebang.
  { name: 'bin/pnd.js (as linked)', command: 'bin/pnd.js', args: [] },
  { name: 'node bin/pnd.js', command: node, args: ['bin/pnd.js'] },
];

/** CPU ticks of this process's reaped children (Linux), in ms; undefined elsewhere. */
function childrenCpuMs(): number | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 16 and 17 (cutime, cstime) are the 14th and 15th after the command name; ticks of 10 ms
  // (USER_HZ is 100 on Linux).
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

function measure(command: string, args: string[]): { wall: number[]; cpu: number[] } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = -1; i < runs; i++) {
    const cpuBefore = childrenCpuMs();
    const started = performance.now();
    const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env: process.env });
    const ms = performance.now() - started;
    const cpuAfter = childrenCpuMs();
    if (result.status !== 0)
      throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${String(result.stderr)}`);
    if (i < 0) continue; // the warm-up
    wall.push(ms);
    if (cpuBefore !== undefined && cpuAfter !== undefined) cpu.push(cpuAfter - cpuBefore);
  }
  return { wall, cpu };
}

function row(
  name: string,
  m: { wall: number[]; cpu: number[] },
  floor: { wall: number; cpu?: number },
): string {
  const wall = summarize(m.wall);
  const ratio = (n: number, of: number) => `${(n / of).toFixed(1)}x`;
  let text = `  ${name.padEnd(38)} wall ${formatSummary(wall)} ${ratio(wall.median, floor.wall)}`;
  if (m.cpu.length > 0 && floor.cpu) {
    const cpu = summarize(m.cpu);
    text += `  cpu ${formatSummary(cpu)} ${ratio(cpu.median, floor.cpu)}`;
  }
  return text;
}

console.log(
  `pnd start-up, ${runs} runs each after one warm-up (Node ${process.versions.node}, compile cache on)`,
);
const floor = measure(node, ['-e', '0']);
const floorMs = {
  wall: summarize(floor.wall).median,
  ...(floor.cpu.length > 0 ? { cpu: summarize(floor.cpu).median } : {}),
};
console.log('(each figure: median (min-max, runs), then the median as a multiple of node -e 0)');
console.log(row('node -e 0', floor, floorMs));
for (const [label, extra] of [
  ['--help', ['--help']],
  ['issue render', ['issue', 'render', ...TEMPLATE]],
] as const) {
  console.log(`pnd ${label}:`);
  for (const way of ways)
    console.log(row(`${way.name} ${label}`, measure(way.command, [...way.args, ...extra]), floorMs));
}
