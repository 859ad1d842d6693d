import { isScenarioDuration } from '../limits.ts';
import { z } from 'zod';
import { deployTargetSchema } from '../deploy-target-schema.ts';
import { parseDuration } from '../../core/duration.ts';

/**
 * The `github:` section of a scenario: who exists, which tokens they hold, and what each
 * repository contains at the scenario start. Everything has defaults so that a scenario names
 * only what a test or demo cares about; `docs/simulator.md` and the JSON Schema are generated
 * from the descriptions here.
 */

const RELATIVE = /^[-+]/;

/** An instant: ISO 8601, or relative to the scenario start ("-5d", "-4d20h", "+1h"). */
export const instantSchema = z
  .string()
  .refine((s) => (RELATIVE.test(s) ? isScenarioDuration(s.slice(1)) : !Number.isNaN(Date.parse(s))), {
    message: 'Expected an ISO 8601 instant or an offset from the scenario start such as "-5d" or "-4d20h".',
  })
  .describe('An ISO 8601 instant, or an offset from the scenario start: "-5d", "-4d20h", "+1h".');

/** Resolves an instant of this schema to epoch milliseconds. */
export function resolveInstant(value: string, start: number): number {
  if (RELATIVE.test(value)) {
    const ms = parseDuration(value.slice(1)) ?? 0;
    return value.startsWith('-') ? start - ms : start + ms;
  }
  return Date.parse(value);
}

const durationSchema = z
  .string()
  .refine((s) => isScenarioDuration(s), {
    message: 'Expected a duration of at most a year, such as "90s" or "3m".',
  })
  .describe('A duration: "90s", "3m", "1h30m".');

const shaSchema = z
  .string()
  .regex(/^[0-9a-f]{7,40}$/, 'Expected a commit SHA (7-40 lowercase hex digits); short ones are padded.')
  .describe('A commit SHA; a short one is extended deterministically to 40 hex digits.');

const userSchema = z
  .object({
    login: z.string().min(1).describe('The login, e.g. "oncall-kari" or "renovate[bot]".'),
    name: z.string().optional().describe('Display name.'),
    type: z
      .enum(['User', 'Bot', 'Organization'])
      .optional()
      .describe('Account type; default Bot for logins ending in "[bot]", otherwise User.'),
    id: z.number().int().positive().optional().describe('Numeric id; default a deterministic one.'),
    push: z
      .array(z.string())
      .default([])
      .describe('Repositories this user can push to: "owner/name", or "owner/*" for all of an owner.'),
  })
  .strict();

const tokenSchema = z
  .object({
    token: z.string().min(1).describe('The token value, sent as "Authorization: Bearer <t>" or "token <t>".'),
    login: z.string().describe('The user the token belongs to (created if not listed under users).'),
    rateLimit: z
      .number()
      .int()
      .positive()
      .default(5000)
      .describe('Primary REST and GraphQL limit per hour (5000 for a PAT, 1000 for GITHUB_TOKEN).'),
  })
  .strict();

const permissionLevel = z.enum(['read', 'write', 'admin']);

const installationSchema = z
  .object({
    id: z.number().int().positive().describe('Installation id.'),
    account: z.string().min(1).describe('The organization or user the app is installed on.'),
    accountType: z.enum(['Organization', 'User']).default('Organization'),
  })
  .strict();

const appSchema = z
  .object({
    id: z.number().int().positive().describe("The App ID (the JWT's `iss`)."),
    slug: z.string().min(1).describe('The app slug; its installation tokens act as "<slug>[bot]".'),
    name: z.string().optional().describe('Display name; default the slug.'),
    owner: z.string().optional().describe("Account that owns the app; default the first installation's."),
    publicKey: z
      .string()
      .optional()
      .describe(
        "PEM public key (SPKI) the app's JWTs are verified with; default a key pair the simulator makes at start (its private key is in the state directory, see gitHubAppClientEnv).",
      ),
    permissions: z
      .record(z.string(), permissionLevel)
      .default({ metadata: 'read' })
      .describe("The app's permissions, as GitHub names them: {contents: write, issues: write, ...}."),
    installations: z.array(installationSchema).default([]),
    tokenLifetime: durationSchema
      .default('1h')
      .describe('How long an installation token lives (GitHub: 1 hour); shorter in tests of the refresh.'),
  })
  .strict();

const actionsTokenSchema = z
  .object({
    token: z.string().min(1).describe('The token value (an Actions GITHUB_TOKEN is "ghs_…").'),
    repository: z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'Expected "owner/name".'),
    permissions: z
      .record(z.string(), permissionLevel)
      .default({
        metadata: 'read',
        contents: 'write',
        issues: 'write',
        deployments: 'write',
        actions: 'read',
      })
      .describe("The workflow's `permissions:`; events made with the token start no workflow run."),
  })
  .strict();

const environmentSchema = z
  .object({
    name: z.string().describe('Environment name as in the workflow, e.g. "TT02" or "PROD".'),
    id: z.number().int().positive().optional().describe('Numeric id; default a deterministic one.'),
    requiredReviewers: z
      .array(z.string())
      .default([])
      .describe('Logins of the required reviewers (any one may approve).'),
    preventSelfReview: z
      .boolean()
      .default(false)
      .describe('"Prevent self-review": the user who triggered the run cannot approve it.'),
    waitTimer: z.number().int().nonnegative().default(0).describe('Wait timer in minutes.'),
  })
  .strict();

const jobSchema = z
  .object({
    name: z.string().optional().describe('Job name; default "deploy-<environment>".'),
    environment: z.string().describe('The environment the job waits on; must be listed under environments.'),
    duration: durationSchema.default('3m').describe('How long the job runs after approval (virtual time).'),
    fail: z
      .boolean()
      .default(false)
      .describe('The job fails (conclusion failure, deployment status failure).'),
    deployTargets: z
      .array(deployTargetSchema)
      .default([])
      .describe('Deploy targets changed when the job succeeds.'),
    imageRepository: z
      .string()
      .optional()
      .describe(
        'Image repository for this job; default the workflow\'s. The image is "<imageRepository>:<sha>".',
      ),
  })
  .strict();

const workflowSchema = z
  .object({
    id: z.number().int().positive().optional().describe('Numeric workflow id; default a deterministic one.'),
    file: z.string().describe('File name under .github/workflows, e.g. "deploy-after-release.yml".'),
    name: z.string().optional().describe('Workflow name; default the file name without extension.'),
    on: z
      .enum(['release', 'workflow_dispatch', 'push'])
      .default('release')
      .describe('What starts it; "release" = publishing a release.'),
    imageRepository: z
      .string()
      .optional()
      .describe('Image repository of the deployed container, e.g. "altinncr.azurecr.io/auditlog".'),
    jobs: z
      .array(jobSchema)
      .default([])
      .describe('Jobs in order; each waits on its environment, then deploys.'),
  })
  .strict();

const releaseSchema = z
  .object({
    id: z.number().int().positive().optional().describe('Numeric id; default a deterministic one.'),
    tag: z.string().describe('Tag name, e.g. "2026.11.23".'),
    name: z
      .string()
      .nullable()
      .optional()
      .describe('Release title; default null for a draft, the tag otherwise.'),
    draft: z.boolean().default(false),
    prerelease: z.boolean().default(false),
    target: shaSchema.optional().describe('The commit the release points at; default derived from the tag.'),
    targetCommitish: z.string().optional().describe('target_commitish; default the default branch.'),
    body: z.string().default(''),
    author: z.string().optional().describe('Login of the author; default github-actions[bot].'),
    createdAt: instantSchema.default('-1d'),
    publishedAt: instantSchema
      .optional()
      .describe('Default createdAt for a published release, null for a draft.'),
  })
  .strict();

const runSchema = z
  .object({
    id: z.number().int().positive().optional().describe('Numeric run id; default a deterministic one.'),
    workflow: z.string().describe('The workflow file name (or name) the run belongs to.'),
    event: z.string().default('release'),
    headSha: shaSchema,
    headBranch: z
      .string()
      .optional()
      .describe('Default the release tag for release runs, else the default branch.'),
    actor: z.string().describe('Login of the user whose action started the run.'),
    createdAt: instantSchema,
    jobsDone: z
      .number()
      .int()
      .nonnegative()
      .default(0)
      .describe(
        'How many jobs already succeeded (their deployments are recorded); the next one waits on its environment.',
      ),
    approvedAt: z
      .array(instantSchema)
      .default([])
      .describe('When each done job was approved, in order; default as soon as it was reached.'),
    outcome: z
      .enum(['waiting', 'failure', 'rejected'])
      .default('waiting')
      .describe('What happened to the job after the done ones: still waiting, failed, or was rejected.'),
  })
  .strict();

const deploymentStatusSchema = z
  .object({
    state: z.enum(['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success']),
    at: instantSchema.optional().describe('Default the deployment creation time plus one minute per status.'),
    description: z.string().default(''),
    creator: z.string().optional(),
  })
  .strict();

const deploymentSchema = z
  .object({
    id: z.number().int().positive().optional(),
    environment: z.string(),
    sha: shaSchema,
    ref: z.string().optional().describe('Default the sha.'),
    task: z.string().default('deploy'),
    description: z.string().nullable().default(null),
    creator: z.string().default('github-actions[bot]'),
    createdAt: instantSchema,
    statuses: z.array(deploymentStatusSchema).default([]),
  })
  .strict();

const commentSchema = z
  .object({
    user: z.string(),
    body: z.string(),
    createdAt: instantSchema
      .optional()
      .describe('Default the issue creation time plus one hour per comment.'),
  })
  .strict();

const issueSchema = z
  .object({
    number: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Default the next free number (shared with pull requests).'),
    title: z.string(),
    body: z.string().default(''),
    user: z.string().default('github-actions[bot]'),
    labels: z.array(z.string()).default([]),
    assignees: z.array(z.string()).default([]),
    state: z.enum(['open', 'closed']).default('open'),
    stateReason: z.enum(['completed', 'not_planned', 'reopened']).optional(),
    createdAt: instantSchema.default('-1d'),
    closedAt: instantSchema.optional(),
    comments: z.array(commentSchema).default([]),
  })
  .strict();

const checkRunSchema = z
  .object({
    name: z.string(),
    status: z.enum(['queued', 'in_progress', 'completed']).default('completed'),
    conclusion: z
      .enum(['success', 'failure', 'neutral', 'cancelled', 'skipped', 'timed_out', 'action_required'])
      .nullable()
      .optional()
      .describe('Default success when completed, null otherwise.'),
    app: z.string().default('github-actions').describe('The app slug that owns the check.'),
  })
  .strict();

const commitStatusSchema = z
  .object({
    context: z.string(),
    state: z.enum(['error', 'failure', 'pending', 'success']),
    description: z.string().nullable().default(null),
    targetUrl: z.string().nullable().default(null),
  })
  .strict();

const pullSchema = z
  .object({
    number: z.number().int().positive().optional(),
    title: z.string(),
    body: z.string().default(''),
    user: z.string().describe('Author login, e.g. "renovate[bot]", "dependabot[bot]".'),
    labels: z.array(z.string()).default([]),
    draft: z.boolean().default(false),
    headRef: z.string().optional().describe('Head branch; default derived from the title.'),
    headSha: shaSchema.optional().describe('Default derived from the repository and number.'),
    base: z.string().optional().describe('Base branch; default the default branch.'),
    mergeable: z
      .boolean()
      .nullable()
      .default(true)
      .describe('false = conflicting; null = GitHub has not computed it yet.'),
    createdAt: instantSchema.default('-3d'),
    ci: z
      .enum(['green', 'red', 'pending', 'none'])
      .default('green')
      .describe(
        'Shortcut for check runs "build" and "test": all green, one red, one still running, or none.',
      ),
    checkRuns: z.array(checkRunSchema).default([]).describe('Check runs in addition to the ci shortcut.'),
    statuses: z.array(commitStatusSchema).default([]).describe('Commit statuses (the older status API).'),
  })
  .strict();

const repositorySchema = z
  .object({
    fullName: z
      .string()
      .regex(/^[^/\s]+\/[^/\s]+$/, 'Expected "owner/name".')
      .describe('"owner/name", e.g. "Altinn/altinn-auth-audit-log".'),
    id: z.number().int().positive().optional(),
    private: z.boolean().default(false),
    description: z.string().nullable().default(null),
    defaultBranch: z.string().default('main'),
    allowMergeCommit: z.boolean().default(true),
    allowSquashMerge: z.boolean().default(true),
    allowRebaseMerge: z.boolean().default(true),
    labels: z
      .array(z.string())
      .default([])
      .describe('Labels that exist beyond those used by issues and pull requests.'),
    environments: z.array(environmentSchema).default([]),
    workflows: z.array(workflowSchema).default([]),
    releases: z.array(releaseSchema).default([]),
    runs: z.array(runSchema).default([]).describe('Workflow runs that exist at the start.'),
    deployments: z
      .array(deploymentSchema)
      .default([])
      .describe('Deployments beyond those of the seeded runs.'),
    issues: z.array(issueSchema).default([]),
    pulls: z.array(pullSchema).default([]),
  })
  .strict()
  .superRefine((repo, ctx) => {
    // Issues and pull requests share one number sequence; a number given twice would make the
    // second silently replace the first.
    const seen = new Map<number, string>();
    for (const kind of ['issues', 'pulls'] as const) {
      for (const [i, item] of repo[kind].entries()) {
        if (item.number === undefined) continue;
        const first = seen.get(item.number);
        if (first)
          ctx.addIssue({
            code: 'custom',
            path: [kind, i, 'number'],
            message: `Number ${item.number} is already taken by ${first}: issues and pull requests share one number sequence.`,
          });
        else seen.set(item.number, `${kind}[${i}]`);
      }
    }
  });

const projectFieldSchema = z
  .object({
    name: z.string(),
    type: z.enum(['single_select', 'text', 'number', 'date']).default('single_select'),
    options: z.array(z.string()).default([]).describe('Options of a single-select field.'),
  })
  .strict();

const projectItemSchema = z
  .object({
    content: z
      .string()
      .regex(/^[^/\s]+\/[^#\s]+#\d+$/, 'Expected "owner/name#number".')
      .describe('"owner/name#number".'),
    values: z
      .record(z.string(), z.union([z.string(), z.number()]))
      .default({})
      .describe('Field name -> value (the option name for single-select fields).'),
  })
  .strict();

const projectSchema = z
  .object({
    owner: z.string().describe('Organization or user login.'),
    ownerType: z.enum(['organization', 'user']).default('organization'),
    number: z.number().int().positive(),
    title: z.string(),
    fields: z
      .array(projectFieldSchema)
      .default([{ name: 'Status', type: 'single_select', options: ['Todo', 'In progress', 'Done'] }]),
    items: z.array(projectItemSchema).default([]),
  })
  .strict();

export const gitHubScenarioSchema = z
  .object({
    users: z.array(userSchema).default([]).describe('Accounts; logins used elsewhere are created as needed.'),
    tokens: z.array(tokenSchema).default([]).describe('Tokens the REST and GraphQL APIs accept.'),
    apps: z
      .array(appSchema)
      .default([])
      .describe(
        "GitHub Apps: JWT login, installations and their expiring tokens with the app's permissions.",
      ),
    actionsTokens: z
      .array(actionsTokenSchema)
      .default([])
      .describe('Actions GITHUB_TOKENs (of the "github-actions" app): their events start no workflow run.'),
    repositories: z.array(repositorySchema).default([]),
    projects: z.array(projectSchema).default([]).describe('Projects (v2) boards.'),
  })
  .strict();

export type GitHubScenario = z.infer<typeof gitHubScenarioSchema>;
export type AppSeed = z.infer<typeof appSchema>;
export type ActionsTokenSeed = z.infer<typeof actionsTokenSchema>;
export type RepositorySeed = z.infer<typeof repositorySchema>;
export type WorkflowSeed = z.infer<typeof workflowSchema>;
export type JobSeed = z.infer<typeof jobSchema>;
export type RunSeed = z.infer<typeof runSchema>;
export type PullSeed = z.infer<typeof pullSchema>;
export type IssueSeed = z.infer<typeof issueSchema>;
export type ReleaseSeed = z.infer<typeof releaseSchema>;
export type DeploymentSeed = z.infer<typeof deploymentSchema>;
export type ProjectSeed = z.infer<typeof projectSchema>;
export type CheckRunSeed = z.infer<typeof checkRunSchema>;
export type CommitStatusSeed = z.infer<typeof commitStatusSchema>;
