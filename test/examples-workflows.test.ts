import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { clientEnvironment } from '../src/sim/client-env.ts';
import { loadScenario } from '../src/sim/scenario/load.ts';
import { runProcess } from './support/cli.ts';
import { useSimulators } from './support/simulator.ts';

/**
 * The train days as GitHub Actions workflows (examples/tilgangsinfo/.github/workflows): valid
 * against SchemaStore's workflow schema (test/fixtures/schemastore), shaped as the train needs
 * (schedule and manual runs, least permissions, one run per environment at a time), and each
 * workflow's pnd steps run as a runner would run them, against the simulator.
 */
const DIR = 'examples/tilgangsinfo/.github/workflows';
const start = useSimulators();

interface Step {
  id?: string;
  uses?: string;
  run?: string;
}
interface Workflow {
  on: { schedule?: { cron: string }[]; workflow_dispatch?: unknown };
  permissions: Record<string, string>;
  concurrency: { group: string; 'cancel-in-progress': boolean };
  jobs: Record<string, { env?: Record<string, string>; steps: Step[] }>;
}

async function workflows(): Promise<Record<string, Workflow>> {
  const files = (await readdir(DIR)).filter((f) => f.endsWith('.yml')).sort();
  return Object.fromEntries(
    await Promise.all(
      files.map(async (f) => [f, parse(await readFile(join(DIR, f), 'utf8')) as Workflow] as const),
    ),
  );
}

describe('the train-day workflows', () => {
  it('are valid workflows, scheduled and dispatchable, with least permissions and one run per environment', async () => {
    const schema = JSON.parse(
      await readFile('test/fixtures/schemastore/github-workflow.json', 'utf8'),
    ) as object;
    // SchemaStore's schemas use keywords Ajv's strict mode does not know; validation is unchanged.
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    const all = await workflows();
    expect(Object.keys(all)).toEqual([
      'monday-issue.yml',
      'thursday-patch-day.yml',
      'tuesday-production.yml',
      'wednesday-tt02.yml',
    ]);
    for (const [file, workflow] of Object.entries(all)) {
      expect(validate(workflow), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(workflow.on.schedule?.[0]?.cron, file).toMatch(/^\d+ \d+ \* \* [1-5]$/);
      expect(workflow.on, file).toHaveProperty('workflow_dispatch');
      expect(workflow.concurrency).toEqual({
        group: expect.stringMatching(/^pnd-/),
        'cancel-in-progress': false,
      });
      // Least privilege: the workflow token reads; writes go through the team's own tokens.
      const usesAzure = Object.values(workflow.jobs).some((j) =>
        j.steps.some((s) => s.uses?.startsWith('azure/login')),
      );
      expect(workflow.permissions, file).toEqual(
        usesAzure ? { contents: 'read', 'id-token': 'write' } : { contents: 'read' },
      );
    }
    // The invalid is refused (the check can fail).
    expect(validate({ on: 'push', jobs: { a: { 'runs-on': 'x', steps: [{ run: 'x', uses: 'y' }] } } })).toBe(
      false,
    );
  });

  it('run their pnd steps against the simulator and write the step summary and outputs', async () => {
    const all = await workflows();
    // Each day's steps run where that day is: the scenario's Monday 05:00 moved so that now (the
    // wall clock pnd runs on) is that day's scheduled time.
    const [monday, tuesday, wednesday, thursday] = await Promise.all([
      runDay(all['monday-issue.yml']!, 0),
      runDay(all['tuesday-production.yml']!, 24 + 4),
      runDay(all['wednesday-tt02.yml']!, 2 * 24 + 4),
      runDay(all['thursday-patch-day.yml']!, 3 * 24 + 4),
    ]);
    const week = expect.stringMatching(/^\d{4}-W\d\d$/);
    expect(monday.codes).toEqual([0]);
    expect(monday.outputs).toEqual({ number: '', url: '', status: 'created', week });
    expect(monday.summary).toMatch(/^### pnd issue create, \d{4}-W\d\d \(dry run: nothing was changed\)/);
    expect(monday.summary).toMatch(/- create-issue: Deploy & Patching \d{4} W\d\d \(7 carried over\)/);

    expect(wednesday.codes).toEqual([0]);
    expect(wednesday.outputs).toEqual({ week, 'exit-code': '0', 'issue-url': '', verified: '0' });
    expect(wednesday.summary).toMatch(/### pnd deploy TT02, .* \(dry run/);
    expect(wednesday.summary).toContain('| Authentication | Release-418 | ok: no soak policy');
    expect(wednesday.summary).toContain('| Auditlog | 2026.11.23 (draft) | ok');

    // A fresh runner with no shared journal (PND_JOURNAL_URL) has no record of Auditlog's TT02
    // verification: the soak policy blocks it (exit 3, the step fails) and the summary says why.
    expect(tuesday.codes).toEqual([3]);
    expect(tuesday.outputs['exit-code']).toBe('3');
    expect(tuesday.summary).toContain('| Authentication | Release-412 | ok: in TT02 since');
    expect(tuesday.summary).toMatch(/\| Auditlog \| - \| blocked: no passed verification of 2026\.11\.18/);

    expect(thursday.codes).toEqual([0]);
    expect(thursday.outputs).toEqual({ week, merged: '0', 'needs-person': '9' });
    expect(thursday.summary).toContain('| 17 | 4 | 0 | 9 | 0 | 0 |');
  }, 90_000);
});

/**
 * One workflow's pnd steps as a runner runs them: the job's literal env, the secrets from the
 * simulator's client environment, GITHUB_ACTIONS, GITHUB_EVENT_PATH (a schedule event),
 * GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files; `npx --yes pnd` is this checkout's bin/pnd.js.
 */
async function runDay(
  workflow: Workflow,
  hoursAfterMonday: number,
): Promise<{ codes: (number | null)[]; outputs: Record<string, string>; summary: string }> {
  const scenario = await loadScenario('examples/tilgangsinfo/scenario.yaml');
  const now = Math.floor(Date.now() / 60_000) * 60_000;
  scenario.start = new Date(now - hoursAfterMonday * 3_600_000).toISOString();
  const sim = await start({ scenario, start: now, warn: () => {} });
  {
    const dir = await mkdtemp(join(tmpdir(), 'pnd-workflow-'));
    const files = {
      GITHUB_EVENT_PATH: join(dir, 'event.json'),
      GITHUB_OUTPUT: join(dir, 'output'),
      GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
    };
    await writeFile(files.GITHUB_EVENT_PATH, JSON.stringify({ schedule: workflow.on.schedule?.[0]?.cron }));
    await writeFile(files.GITHUB_OUTPUT, '');
    await writeFile(files.GITHUB_STEP_SUMMARY, '');
    const job = Object.values(workflow.jobs)[0]!;
    // `${{ secrets.X }}` is what the runner fills in: here, the simulator's values of those names.
    const literal = Object.fromEntries(
      Object.entries(job.env ?? {}).filter(([, v]) => !String(v).includes('${{')),
    );
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      NO_COLOR: '1',
      ...literal,
      ...(await clientEnvironment(sim)),
      ...files,
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'schedule',
      PND_JOURNAL: join(dir, 'journal.sqlite'),
    };
    const publisher = sim.scenario.github?.tokens.find((t) => t.login === 'ola-nordmann');
    if (publisher) env.PND_GITHUB_PUBLISH_TOKEN = publisher.token;
    const codes: (number | null)[] = [];
    for (const step of job.steps.filter((s) => s.run?.includes('npx --yes pnd'))) {
      // --dry-run: a pnd process spaces its GitHub writes in wall time (1 s, 3 s for notifying
      // ones) and tests never wait on real write spacing; the in-process train tests run the
      // same days for real. The plan, the summary and the outputs come out of a dry run too.
      const command = `${step.run!.replaceAll('npx --yes pnd', `"${process.execPath}" ${join(process.cwd(), 'bin/pnd.js')}`)} --dry-run`;
      const result = await runProcess('bash', ['-e', '-c', `cd examples/tilgangsinfo && ${command}`], env);
      codes.push(result.code);
    }
    expect(sim.problems()).toEqual([]);
    expect(sim.log.mutations()).toEqual([]);
    return {
      codes,
      outputs: readOutputs(await readFile(files.GITHUB_OUTPUT, 'utf8')),
      summary: await readFile(files.GITHUB_STEP_SUMMARY, 'utf8'),
    };
  }
}

function readOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const end = lines.indexOf(m[2]!, i + 1);
    outputs[m[1]!] = lines.slice(i + 1, end).join('\n');
    i = end;
  }
  return outputs;
}
