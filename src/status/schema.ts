import { z } from 'zod';

/**
 * What `pnd status --json` prints: the zod schema is the source, schema/status.schema.json is
 * generated from it (`npm run generate`) and a test fails when the committed copy drifts.
 */

export const STATUS_SCHEMA_PATH = 'schema/status.schema.json';
export const STATUS_SCHEMA_ID = 'urn:pnd:schema:status';

const named = z.strictObject({ id: z.string(), name: z.string() });

const version = z
  .strictObject({
    id: z.string().describe('What the soak policy compares: `release:418`, or a commit SHA.'),
    label: z.string().describe('How people name it: `Release-418 (20261122.1)`.'),
  })
  .describe('A version of a component.');

const instant = z.string().describe('ISO 8601 instant (UTC).');

const verification = z
  .strictObject({
    status: z.enum(['pass', 'fail']),
    at: instant.nullable().describe('When it was recorded; null when only the approval is known.'),
    reason: z.string().optional(),
    source: z
      .enum(['journal', 'post-deploy-approval'])
      .describe(
        '`journal`: a pnd verification on record; `post-deploy-approval`: a person approved the gate.',
      ),
  })
  .describe('The last verification of the running version in this environment.');

const soak = z
  .strictObject({
    upstream: named.describe('The environment the version must soak in first.'),
    version: version.describe('What runs upstream now: the version the soak clock is about.'),
    since: instant.describe('When that version first reached the upstream environment.'),
    elapsed: z.string().describe('Exact time since then: `4d 2h`.'),
    required: z.string().describe('The policy minimum: `6d`.'),
    calendarDays: z
      .number()
      .int()
      .nullable()
      .describe(
        'Whole-day minimums count calendar days in the team time zone (as the policy does); else null.',
      ),
    ok: z.boolean().describe('The soak time alone is satisfied (the other rules are in `waiting.reasons`).'),
    text: z.string().describe('For people: `in staging 4d 2h of 6d (calendar day 4 of 6)`.'),
  })
  .describe('The soak clock towards this environment.');

const environmentStatus = z.strictObject({
  env: named,
  running: z
    .strictObject({ version, deployedAt: instant })
    .nullable()
    .describe('The version that runs there now (the last successful deploy).'),
  waiting: z
    .strictObject({
      version,
      createdAt: instant,
      url: z.string().optional(),
      verdict: z
        .enum(['ok', 'blocked', 'overridden', 'resumed'])
        .describe('What `pnd deploy` would do with it: `ok` promotes, `blocked` refuses (soak policy).'),
      reasons: z.array(z.string()),
      blockedReason: z.string().optional().describe('Set when the credential in use may not open this gate.'),
    })
    .nullable()
    .describe(
      'The version waiting at the pre-deploy gate that pnd would take (or the newest, when blocked).',
    ),
  superseded: z.array(version).describe('Other versions waiting at the gate: never approved.'),
  gates: z.strictObject({
    preDeploy: z
      .enum(['open', 'passed', 'not-reached'])
      .describe(
        '`open`: a version waits; `passed`: the running version went through; `not-reached`: nothing deployed.',
      ),
    postDeploy: z
      .enum(['open', 'passed', 'withheld', 'none', 'not-reached'])
      .describe(
        '`open`: waits for a decision; `withheld`: left closed after a failed verification; `none`: this deployer kind has no post-deploy gate.',
      ),
  }),
  soak: soak.nullable(),
  verification: verification.nullable(),
});

const feedChange = z.strictObject({
  id: z.string(),
  label: z.string(),
  at: instant,
  hashtags: z.array(z.string()),
  message: z.string(),
  url: z.string().optional(),
});

const changeFeed = z
  .strictObject({
    id: z.string(),
    name: z.string().describe('What the feed deploys, for people (changeFeeds[].name, default the id).'),
    env: z.string().describe('The environment whose deploy day reads this feed.'),
    needed: z.boolean().describe('A deploy of the feed is needed: builds in the lookback mention a hashtag.'),
    since: instant,
    changes: z.array(feedChange).describe('The builds that are the evidence, newest first.'),
  })
  .describe('A change feed verdict.');

const patchDay = z
  .strictObject({
    asOf: instant.describe('When the pull requests were read (watch mode reads them less often).'),
    needsHuman: z.number().int(),
    mergeSafe: z.number().int(),
    open: z.number().int(),
    repositories: z.array(
      z.strictObject({
        repo: z.string(),
        open: z.number().int().describe('Open bot pull requests.'),
        needsHuman: z.number().int().describe('Red CI, security, major, conflict.'),
        mergeSafe: z.number().int().describe('What `pnd deps --merge-safe` would merge now.'),
      }),
    ),
    missing: z.array(z.string()).describe('Configured repositories the token cannot see.'),
  })
  .describe('Patch day: the dependency bots’ pull requests.');

const weeklyIssue = z
  .strictObject({
    number: z.number().int(),
    url: z.string(),
    title: z.string(),
    state: z.enum(['open', 'closed']),
    ticked: z.number().int(),
    total: z.number().int(),
    open: z.array(z.string()).describe('Texts of the unticked lines, in order.'),
  })
  .describe('This week’s issue and its checklist progress.');

const holds = z
  .strictObject({
    locks: z
      .array(
        z.strictObject({
          id: z.number().int().describe('The lock’s id in the journal.'),
          env: z.string(),
          component: z.string().nullable().describe('null: the whole environment is locked.'),
          reason: z.string(),
          author: z.string().describe('Who locked it: a GitHub login, or a name from the environment.'),
          authorSource: z
            .string()
            .describe('Where `author` came from: `github`, `PND_ACTOR`, `GITHUB_ACTOR` or `os-user`.'),
          since: instant,
          until: instant.nullable().describe('When it lapses by itself; null: until `pnd unlock`.'),
        }),
      )
      .describe('Team locks (`pnd lock`) in force now.'),
    freezes: z
      .array(
        z.strictObject({
          date: z.string().describe('The frozen day (YYYY-MM-DD) in the team time zone.'),
          kind: z
            .enum(['freeze', 'holiday'])
            .describe('`freeze`: a `freezes` range; `holiday`: a public holiday.'),
          reason: z.string().describe('The freeze’s reason, or the holiday’s name.'),
          environments: z.array(z.string()).nullable().describe('null: every environment.'),
          today: z.boolean(),
        }),
      )
      .describe('Freeze days from today through the next six days, in date order.'),
  })
  .describe(
    'What holds deploys back: team locks and freeze days. `pnd deploy` refuses them without --override.',
  );

export const statusSchema = z
  .strictObject({
    schemaVersion: z
      .literal(2)
      .describe(
        '2: `holds` (locks and freezes) was added, and the change feeds got their own key, `changeFeeds` (with `name`).',
      ),
    at: instant.describe('When the status was read.'),
    week: z.string().describe('ISO week in the team time zone: `2026-W48`.'),
    timeZone: z.string(),
    today: z.strictObject({
      date: z.string().describe('Local date in the team time zone (YYYY-MM-DD).'),
      weekday: z.string(),
      due: z
        .array(
          z.strictObject({
            kind: z.enum(['deploy', 'patch']),
            env: z.string().optional(),
            command: z.string().describe('The command that does it: `pnd deploy production`.'),
          }),
        )
        .describe('What the calendar (calendar.trainDays) says is due today.'),
    }),
    components: z.array(
      z.strictObject({
        id: z.string(),
        name: z.string(),
        environments: z.array(environmentStatus),
      }),
    ),
    holds,
    changeFeeds: z
      .array(changeFeed)
      .describe('Change feed verdicts (schema version 1 had them under another key).'),
    patchDay: patchDay
      .nullable()
      .describe('null when pnd.yaml has no patchDay section (or it could not be read: see `problems`).'),
    weeklyIssue: weeklyIssue
      .nullable()
      .describe('null when this week’s issue was not created yet (or could not be read: see `problems`).'),
    problems: z
      .array(
        z.strictObject({
          section: z
            .string()
            .describe('What could not be read: `Auditlog in staging`, `patch day`, `weekly issue`.'),
          code: z.string().describe('The error code, as in pnd’s JSON errors: `auth`, `network`, …'),
          message: z.string(),
          where: z.string().optional(),
          hint: z.string().optional(),
        }),
      )
      .describe('Parts that could not be read; the rest of the status stands. Empty when all was read.'),
  })
  .describe('`pnd status --json`: where the weekly train stands.');

export type StatusReport = z.output<typeof statusSchema>;
export type EnvironmentStatus = z.output<typeof environmentStatus>;
export type HoldsStatus = z.output<typeof holds>;
export type PatchDayStatus = z.output<typeof patchDay>;

export function buildStatusJsonSchema(): Record<string, unknown> {
  const { $schema: _ignored, ...generated } = z.toJSONSchema(statusSchema, {
    target: 'draft-2020-12',
    io: 'output',
  });
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: STATUS_SCHEMA_ID,
    title: 'pnd status --json',
    ...generated,
  };
}

export function renderStatusJsonSchema(): string {
  return `${JSON.stringify(buildStatusJsonSchema(), null, 2)}\n`;
}
