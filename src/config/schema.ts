import { z } from 'zod';
import { crossReferenceIssues } from './cross-references.ts';
import {
  calendarDate,
  countryCode,
  duration,
  hashtag,
  ownerRepo,
  positiveInt,
  regionCode,
  remoteName,
  slug,
  timeZone,
} from './formats.ts';
import { componentSchema } from './schema-components.ts';
import { endpointsSchema } from './schema-endpoints.ts';

/**
 * pnd.yaml — the estate. This zod schema is the single source of truth: the loader validates with
 * it, and schema/pnd.schema.json and docs/configuration.md are generated from it (descriptions
 * included), so every field carries a `.describe()`. Every object is strict: a misspelt key is an
 * error, not a silently ignored setting.
 */

export const projectBoardSchema = z
  .strictObject({
    owner: remoteName('Organization or user that owns the project, e.g. "Altinn".'),
    ownerType: z
      .enum(['organization', 'user'])
      .default('organization')
      .describe('Whether the owner is an organization or a user.'),
    number: positiveInt('Project number, the last part of its URL (…/projects/12).'),
    fields: z
      .record(z.string().min(1), z.string().min(1))
      .default({})
      .describe(
        'Single-select fields to set on the new issue: field name → option name, e.g. Status: "In progress".',
      ),
  })
  .describe('GitHub Projects (v2) board the weekly issue is added to.');

export const teamSchema = z
  .strictObject({
    name: slug('Team slug; part of the weekly issue marker, e.g. "tilgangsinfo".'),
    issueRepository: ownerRepo('Repository where the weekly issue is opened, as owner/name.'),
    labels: z
      .array(z.string().min(1))
      .default([])
      .describe('Labels put on the weekly issue, e.g. "kind/deploy_patch".'),
    projectBoard: projectBoardSchema.optional(),
    closeLastWeeksIssue: z
      .boolean()
      .default(false)
      .describe('Close the previous week’s issue when the new one is created.'),
  })
  .describe('Who runs the train and where its weekly issue lives.');

export const trainDaySchema = z
  .strictObject({
    deploy: slug('Environment id deployed on this day.').optional(),
    patch: z.boolean().default(false).describe('Patch day: go through the dependency bots’ pull requests.'),
  })
  .describe('What the train does on one weekday.');

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const calendarSchema = z
  .strictObject({
    timeZone: timeZone('IANA time zone the train runs in; weeks and days are counted in it.'),
    trainDays: z
      .partialRecord(z.enum(WEEKDAYS).describe('Weekday, in English and lower case.'), trainDaySchema)
      .describe('Per weekday (monday … sunday): what happens that day. Days not listed have no train.'),
  })
  .describe('When the train runs.');

export const soakSchema = z
  .strictObject({
    after: slug('Id of the earlier environment the version must have run in first.'),
    minimum: duration('How long the version must have run there.').default('6d'),
    requireVerified: z
      .boolean()
      .default(true)
      .describe('The version must also have passed its checks there.'),
  })
  .describe(
    'Promotion policy: only take a version that has run in an earlier environment for at least `minimum`, is still running there, and (optionally) passed verification there. Required for every environment but the first.',
  );

export const environmentSchema = z
  .strictObject({
    id: slug('Stable id used in commands and step ids, e.g. "tt02", "production".'),
    name: remoteName('Display name, e.g. "TT02", "Production".'),
    soak: soakSchema.optional(),
    dwell: duration(
      'How long to wait after a deploy finishes before verifying (the checklist’s “go grab a coffee”).',
    ).default('10m'),
  })
  .describe('One stage of the promotion order.');

export const changeFeedSchema = z
  .strictObject({
    id: slug('Stable id, e.g. "apim-tt02".'),
    kind: z.literal('ado-build').describe('Builds of an Azure DevOps build pipeline.'),
    organization: remoteName('Azure DevOps organization.'),
    project: remoteName('Azure DevOps project, e.g. "altinn-studio-ops".'),
    definitionId: positiveInt('Build definition (pipeline) id.'),
    forEnvironment: slug('Environment id whose deploy this feed informs.'),
    lookback: duration('How far back to look for builds.').default('7d'),
    hashtags: z
      .array(hashtag('Hashtag to look for in build messages.'))
      .min(1)
      .describe('A build is relevant when its message or source branch mentions one of these.'),
  })
  .describe(
    'Did anything relevant change upstream (for example the APIM pipeline of the previous stage)? If so, the environment needs that deploy too.',
  );

const UPDATE_TYPES = ['major', 'minor', 'patch', 'digest', 'pin', 'lockfile'] as const;

export const mergePolicySchema = z
  .strictObject({
    updateTypes: z
      .array(z.enum(UPDATE_TYPES))
      .default(['patch', 'minor', 'digest', 'pin', 'lockfile'])
      .describe(
        'Update types pnd may merge once CI is green; others are left for a person. A group is judged by its largest update ("all non-major" is minor); a group whose contents are unknown is never merged.',
      ),
    minimumReleaseAge: duration(
      'Only merge updates whose release is at least this old; pnd counts from when the bot opened the pull request, which is after the release.',
    ).optional(),
    blockingLabels: z
      .array(z.string().min(1))
      .default(['do not merge', 'do-not-merge', 'wip'])
      .describe('A pull request with any of these labels is never merged.'),
    mergeMethod: z
      .enum(['squash', 'merge', 'rebase'])
      .optional()
      .describe(
        'Preferred merge method; when the repository does not allow it (or it is not set), the first the repository allows of squash, merge, rebase.',
      ),
    approve: z
      .boolean()
      .default(true)
      .describe(
        "Approve each pull request before merging it (never one the token's user opened), so the merge has a review on record.",
      ),
  })
  .describe('Which bot pull requests pnd may merge on its own.');

export const patchDaySchema = z
  .strictObject({
    repositories: z
      .array(ownerRepo('Repository as owner/name.'))
      .min(1)
      .describe('Repositories whose dependency-bot pull requests are handled.'),
    bots: z
      .array(z.string().min(1))
      .default(['renovate[bot]', 'dependabot[bot]'])
      .describe('Logins of the dependency bots.'),
    mergePolicy: mergePolicySchema.prefault({}),
  })
  .describe('The day the team goes through the dependency bots’ pull requests.');

export const journalConfigSchema = z
  .strictObject({
    url: z
      .string()
      .regex(/^postgres(ql)?:\/\/[^:@/]*(@|\/|$)/, {
        message:
          'must be a postgres:// connection string without a password (put the password in PGPASSWORD or use PND_JOURNAL_URL)',
      })
      .optional()
      .describe(
        'PostgreSQL connection string for a journal shared by several machines, e.g. "postgres://pnd@db.example.org:5432/pnd?sslmode=verify-full". No password here: PGPASSWORD or PND_JOURNAL_URL carries it. PND_JOURNAL_URL and --journal take precedence; without any, the journal is a SQLite file in the state directory.',
      ),
  })
  .describe('Where pnd keeps its journal (runs, intents, results, evidence).');

const freezeEnvironments = z
  .array(slug('Environment id.'))
  .min(1)
  .optional()
  .describe('Environments it applies to; without it, every environment.');

export const freezeSchema = z
  .strictObject({
    from: calendarDate('First frozen day (YYYY-MM-DD), in the calendar’s time zone.'),
    to: calendarDate('Last frozen day, inclusive (YYYY-MM-DD); the same as `from` for one day.'),
    reason: remoteName('Why nothing is deployed, shown when a deploy is refused, e.g. "Christmas freeze".'),
    environments: freezeEnvironments,
  })
  .describe('Days on which `pnd deploy` refuses to deploy (unless `--override REASON`).');

export const holidaysSchema = z
  .strictObject({
    country: countryCode('Country whose public holidays are freeze days, e.g. "NO".'),
    region: regionCode(
      'Region (state, county) whose own public holidays count too, e.g. "BY" for Bavaria in DE.',
    ).optional(),
    environments: freezeEnvironments,
  })
  .describe(
    'Public holidays of the team’s country are freeze days: `pnd deploy` refuses on them (unless `--override REASON`). The days come from the date-holidays library, in the calendar’s time zone.',
  );

export const estateSchema = z
  .strictObject({
    team: teamSchema,
    calendar: calendarSchema,
    environments: z
      .array(environmentSchema)
      .min(1)
      .describe('Environments in promotion order: a version goes to each after the one before it.'),
    components: z.array(componentSchema).min(1).describe('The services the train deploys.'),
    changeFeeds: z
      .array(changeFeedSchema)
      .default([])
      .describe('Upstream pipelines to look at before deploying an environment.'),
    patchDay: patchDaySchema.optional(),
    endpoints: endpointsSchema.prefault({}),
    journal: journalConfigSchema.optional(),
    freezes: z
      .array(freezeSchema)
      .default([])
      .describe('Date ranges on which nothing is deployed (change freezes).'),
    holidays: holidaysSchema.optional(),
  })
  // Cross-references run even when parts of the file are invalid, so one check lists everything.
  .superRefine(
    (estate, ctx) => {
      for (const issue of crossReferenceIssues(estate)) ctx.addIssue({ code: 'custom', ...issue });
    },
    { when: () => true },
  )
  .describe('pnd.yaml: the estate a release train runs on.');

export type ProjectBoard = z.output<typeof projectBoardSchema>;
export type Team = z.output<typeof teamSchema>;
export type TrainDay = z.output<typeof trainDaySchema>;
export type Calendar = z.output<typeof calendarSchema>;
export type Soak = z.output<typeof soakSchema>;
export type Environment = z.output<typeof environmentSchema>;
export type ChangeFeed = z.output<typeof changeFeedSchema>;
export type MergePolicy = z.output<typeof mergePolicySchema>;
export type PatchDay = z.output<typeof patchDaySchema>;
export type Freeze = z.output<typeof freezeSchema>;
export type HolidayFreeze = z.output<typeof holidaysSchema>;
export type Estate = z.output<typeof estateSchema>;
export type EstateInput = z.input<typeof estateSchema>;
export type {
  AdoReleaseDeployer,
  Check,
  Component,
  ComponentEnvironment,
  ContainerAppCheck,
  Deployer,
  FunctionAppCheck,
  GithubEnvironmentDeployer,
  ImageTagSource,
  KubernetesWorkloadCheck,
} from './schema-components.ts';
export type { Endpoints, GithubEndpoints, KubernetesCluster } from './schema-endpoints.ts';
