import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteJournal } from '../../src/journal/index.ts';
import { loadScenario } from '../../src/sim/scenario/load.ts';
import { simulatorConfig } from '../support/cli.ts';
import { useSimulators } from '../support/simulator.ts';
import { EXAMPLE_SCENARIO } from '../support/train.ts';

const startSimulator = useSimulators();

/**
 * `pnd deploy tt02 --yes` as a process against the simulator, interrupted once it has started
 * acting: its first write is held unanswered (the process is mid-call, as when a person presses
 * Ctrl-C while an approval is on its way), then the signal comes. `terminal` runs it under a
 * pseudo-terminal (`script`), where the live renderer draws and Ctrl-C is the terminal's ^C.
 */
async function interruptedDeploy(signal: 'SIGINT' | 'SIGTERM', terminal = false) {
  const sim = await startSimulator({ scenario: await loadScenario(EXAMPLE_SCENARIO), warn: () => {} });
  const { dir, config } = await simulatorConfig(sim, 'pnd-interrupt-');
  const journalPath = join(dir, 'journal.sqlite');
  let acting!: () => void;
  const started = new Promise<void>((resolve) => (acting = resolve));
  sim.intercept = {
    before: (entry) => {
      // GraphQL reads are POSTs too; a write is any other non-GET.
      if (entry.method === 'GET' || entry.path.endsWith('/graphql')) return undefined;
      acting();
      return new Promise<void>(() => {});
    },
  };
  const args = ['bin/pnd.js', 'deploy', 'tt02', '--config', config, '--yes'];
  const env = {
    PATH: process.env.PATH ?? '',
    NO_COLOR: '1',
    TERM: 'xterm-256color',
    GITHUB_TOKEN: 'ghp_sim_oncall_kari',
    AZURE_DEVOPS_TOKEN: 'ado-pat-kari-oncall',
    NODE_EXTRA_CA_CERTS: sim.caFile,
    PND_JOURNAL: journalPath,
  };
  const child = terminal
    ? spawn('script', ['-qec', [process.execPath, ...args].join(' '), '/dev/null'], { env })
    : spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await started;
  if (terminal && signal === 'SIGINT') child.stdin!.write('\u0003');
  else child.kill(signal);
  const code = await exited;
  const journal = new SqliteJournal({ path: journalPath });
  try {
    return { code, output, runs: await journal.runs() };
  } finally {
    await journal.close();
  }
}

describe('pnd deploy, interrupted (as a process)', () => {
  it('Ctrl-C (SIGINT) once it acts: exit 130, the run recorded as interrupted', async () => {
    const { code, output, runs } = await interruptedDeploy('SIGINT');
    expect(code, output).toBe(130);
    expect(runs.map((r) => [r.command, r.outcome])).toEqual([['deploy tt02', 'interrupted']]);
    expect(runs[0]!.finishedAt).not.toBeNull();
    expect(output).toMatch(/Interrupted \(SIGINT\).*run the same command again/);
  }, 90_000);

  it('SIGTERM once it acts: exit 143, the run recorded as interrupted', async () => {
    const { code, output, runs } = await interruptedDeploy('SIGTERM');
    expect(code, output).toBe(143);
    expect(runs.map((r) => r.outcome)).toEqual(['interrupted']);
  }, 90_000);

  it('Ctrl-C in a terminal, with the live progress drawn: exit 130, not the progress library’s 127', async () => {
    const { code, output, runs } = await interruptedDeploy('SIGINT', true);
    expect(output).toContain('\u001b[?25l'); // the live renderer drew (and hid the cursor)
    expect(output).toContain('\u001b[?25h'); // and the cursor is back
    expect(code, output).toBe(130);
    expect(runs.map((r) => r.outcome)).toEqual(['interrupted']);
    expect(output).toMatch(/Interrupted \(SIGINT\)/);
  }, 90_000);
});
