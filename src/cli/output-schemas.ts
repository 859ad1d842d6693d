import { z } from 'zod';

/**
 * What the `--json` outputs of `pnd deploy` (and `pnd post-deploy`, the same object), `pnd deps`
 * and `pnd issue render` print, as `pnd status --json` has it (src/status/schema.ts): the zod
 * schema is the source, schema/<name>.schema.json is generated from it (`npm run generate`), a
 * test fails when a committed copy drifts, and tests validate real output against it. A change
 * that breaks a consumer raises `schemaVersion`.
 */

const version = z
  .looseObject({
    id: z.string().describe('What the soak policy compares: `release:418`, or a commit SHA.'),
    label: z.string().describe('How people name it: `Release-418 (20261122.1)`.'),
    commitSha: z.string().optional(),
    buildNumber: z.string().optional(),
    tag: z.string().optional(),
  })
  .describe('A version of a component.');

const verification = z.strictObject({
  status: z.enum(['pass', 'fail']),
  reason: z.string(),
  gate: z
    .enum(['approved', 'rejected', 'withheld', 'recorded', 'automated', 'none'])
    .describe(
      '`automated`: an Azure DevOps stage without post-deployment approvers (nothing approved); `recorded`: no gate (GitHub); `none`: --until verified.',
    ),
  checks: z.array(z.strictObject({ check: z.string(), status: z.string(), reason: z.string() })),
});

export const deployOutputSchema = z
  .strictObject({
    schemaVersion: z.literal(1),
    env: z.string(),
    week: z.string().describe('ISO week: `2026-W48`.'),
    dryRun: z.boolean(),
    runId: z.number().int().nullable().describe("The journal's run id; null in a dry run."),
    issue: z.strictObject({ number: z.number().int(), url: z.string() }).nullable(),
    components: z.array(
      z.strictObject({
        component: z.string(),
        step: z.string().describe('The checklist step id: `deploy.authentication.staging`.'),
        outcome: z.enum([
          'planned',
          'deployed',
          'verified',
          'unhealthy',
          'failed',
          'timed-out',
          'blocked',
          'needs-person',
          'nothing-waiting',
        ]),
        version: version.nullable(),
        policy: z.enum(['ok', 'blocked', 'overridden', 'nothing-waiting']).nullable(),
        reasons: z.array(z.string()),
        superseded: z.array(version),
        running: version.nullable(),
        actions: z.array(
          z.strictObject({
            action: z.string(),
            target: z.string(),
            outcome: z.enum(['done', 'already', 'planned']),
            /** Done by this week's earlier run (or resumed from it), not by this one. */
            resumed: z.boolean().optional(),
          }),
        ),
        detail: z.string(),
        verification: verification.nullable(),
        warnings: z
          .array(z.string())
          .describe('What could not be written to the weekly issue; the outcome stands, a rerun writes it.'),
      }),
    ),
    changeFeeds: z.array(
      z.strictObject({
        id: z.string(),
        step: z.string(),
        needed: z.boolean(),
        since: z.string(),
        changes: z.array(
          z.looseObject({
            id: z.string(),
            label: z.string(),
            at: z.string(),
            hashtags: z.array(z.string()),
            message: z.string(),
            url: z.string().optional(),
          }),
        ),
      }),
    ),
    warnings: z.array(z.string()).describe('Change feed comments or ticks that could not be written.'),
  })
  .describe('`pnd deploy --json` and `pnd post-deploy --json`: one deploy day (docs/deploy-day.md).');

const pull = z.strictObject({
  repo: z.string(),
  number: z.number().int(),
  title: z.string(),
  url: z.string(),
  bot: z.string(),
  createdAt: z.string(),
  updateType: z.enum(['major', 'minor', 'patch', 'digest', 'pin', 'lockfile', 'group', 'unknown']),
  dependency: z.string().nullable(),
  from: z.string().nullable().describe('As the bot wrote it, operators kept, no leading `v`.'),
  to: z.string().nullable(),
  requirement: z.enum(['range', 'pin']).nullable(),
  groupMax: z.enum(['major', 'minor', 'patch', 'digest', 'pin', 'lockfile']).nullable(),
  security: z.boolean(),
  ci: z.enum(['green', 'red', 'pending', 'none']),
  mergeable: z.enum(['mergeable', 'conflicting', 'unknown']),
  draft: z.boolean(),
  labels: z.array(z.string()),
  headSha: z.string(),
  needsHuman: z.boolean(),
  reasons: z.array(z.string()),
  mergeSafe: z.boolean(),
  blockers: z.array(
    z.enum([
      'update-type',
      'group-contents-unknown',
      'ci-pending',
      'ci-none',
      'mergeability-unknown',
      'draft',
      'blocking-label',
      'too-new',
      'no-merge-method',
    ]),
  ),
  outcome: z.enum(['merged', 'already-merged', 'refused', 'failed', 'skipped', 'planned']).nullable(),
  outcomeDetail: z.string().optional(),
  status: z.number().int().optional(),
});

export const depsOutputSchema = z
  .strictObject({
    schemaVersion: z.literal(1),
    week: z.string(),
    mergeSafe: z.boolean(),
    dryRun: z.boolean(),
    pulls: z.array(pull),
    merges: z.array(
      z.looseObject({
        repo: z.string(),
        number: z.number().int(),
        title: z.string(),
        url: z.string(),
        method: z.string(),
        outcome: z.enum(['merged', 'already-merged', 'refused', 'failed', 'skipped', 'planned']),
        approval: z.string(),
      }),
    ),
    summary: z.strictObject({
      pulls: z.number().int(),
      needsHuman: z.number().int(),
      mergeSafe: z.number().int(),
      merged: z.number().int(),
      alreadyMerged: z.number().int(),
      refused: z.number().int(),
      failed: z.number().int(),
      skipped: z.number().int(),
    }),
    weeklyIssue: z
      .looseObject({
        issue: z.strictObject({ number: z.number().int(), url: z.string() }).nullable(),
        ticked: z.array(z.strictObject({ repo: z.string(), step: z.string(), status: z.string() })),
        comment: z.enum(['done', 'already', 'planned', 'skipped']),
      })
      .nullable(),
    missing: z.array(z.string()),
  })
  .describe('`pnd deps --json`: patch day (docs/patch-day.md).');

// The five fields create-an-issue takes, nothing else (a documented contract): the version is in
// the schema's $id instead of a schemaVersion field.
export const issueRenderOutputSchema = z
  .strictObject({
    title: z.string(),
    body: z.string(),
    labels: z.array(z.string()),
    assignees: z.array(z.string()),
    milestone: z.number().int().nullable(),
  })
  .describe('`pnd issue render --json`: the issue create-an-issue would open.');

const historyEvent = z.strictObject({
  at: z.string().describe('When it was journaled (ISO, UTC).'),
  type: z.enum(['deploy', 'verification', 'override', 'rejection', 'rollback', 'lock', 'unlock']),
  env: z.string().nullable(),
  component: z.string().nullable(),
  week: z.string().nullable().describe("The train's ISO week, when the run had one."),
  outcome: z
    .string()
    .describe(
      'deploy: deployed, failed, timed-out, blocked, needs-person, nothing-waiting; verification: pass, fail; override: overridden; rejection: rejected; rollback: rolled-back; lock: held; unlock: released.',
    ),
  version: z.string().nullable(),
  versionId: z.string().nullable(),
  detail: z.string(),
  runId: z.number().int().nullable(),
  actor: z.string().nullable(),
  versionCreatedAt: z.string().optional(),
  committedAt: z.string().optional(),
});

export const historyOutputSchema = z
  .strictObject({
    schemaVersion: z.literal(1),
    since: z.string().nullable(),
    env: z.string().nullable(),
    component: z.string().nullable(),
    events: z.array(historyEvent),
  })
  .describe('`pnd history --json`: deploys, verifications, overrides and locks (docs/history.md).');

const trainLine = z.strictObject({
  component: z.string(),
  version: z.string().nullable(),
  detail: z.string(),
});
const change = z.strictObject({
  env: z.string().nullable(),
  deployments: z.number().int(),
  failed: z.number().int(),
  rate: z.number().min(0).max(1).nullable(),
  causes: z.strictObject({
    deployFailed: z.number().int(),
    verificationFailed: z.number().int(),
    rejected: z.number().int(),
    rolledBack: z.number().int(),
  }),
});
const figures = z.strictObject({
  deploymentFrequency: z.array(
    z.strictObject({ env: z.string(), deployments: z.number().int(), perWeek: z.number() }),
  ),
  leadTime: z.strictObject({
    env: z.string().nullable(),
    changes: z.number().int(),
    medianHours: z.number().nullable(),
    p90Hours: z.number().nullable(),
    fromCommit: z.number().int(),
    fromVersionCreated: z.number().int(),
  }),
  changeFailureRate: change,
  changeFailureRateByEnv: z.array(change),
  timeToRestore: z.strictObject({
    incidents: z.number().int(),
    restored: z.number().int(),
    medianHours: z.number().nullable(),
  }),
});

export const reportOutputSchema = z
  .strictObject({
    schemaVersion: z.literal(1),
    week: z.string(),
    timeZone: z.string(),
    production: z
      .string()
      .nullable()
      .describe('Where lead time ends: the last environment of the promotion order.'),
    trailing: z.strictObject({ from: z.string(), to: z.string(), weeks: z.number().int() }),
    train: z.array(
      z.strictObject({
        env: z.string(),
        deployed: z.array(trainLine),
        failed: z.array(trainLine),
        verified: z.array(trainLine),
        verificationFailed: z.array(trainLine),
        blocked: z.array(trainLine),
        overridden: z.array(trainLine),
      }),
    ),
    figures: z.strictObject({ week: figures, trailing: figures }),
  })
  .describe("`pnd report --json`: the week's train and delivery figures (docs/history.md).");

export const OUTPUT_SCHEMAS = [
  { name: 'deploy', title: 'pnd deploy --json', schema: deployOutputSchema },
  { name: 'deps', title: 'pnd deps --json', schema: depsOutputSchema },
  { name: 'issue-render', title: 'pnd issue render --json', schema: issueRenderOutputSchema },
  { name: 'history', title: 'pnd history --json', schema: historyOutputSchema },
  { name: 'report', title: 'pnd report --json', schema: reportOutputSchema },
] as const;

export type OutputSchemaName = (typeof OUTPUT_SCHEMAS)[number]['name'];

export function outputSchemaPath(name: OutputSchemaName): string {
  return `schema/${name}.schema.json`;
}

export function renderOutputJsonSchema(name: OutputSchemaName): string {
  const entry = OUTPUT_SCHEMAS.find((s) => s.name === name)!;
  const { $schema: _ignored, ...generated } = z.toJSONSchema(entry.schema, {
    target: 'draft-2020-12',
    io: 'output',
  });
  const document = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `urn:pnd:schema:${name}:v1`,
    title: entry.title,
    ...generated,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
