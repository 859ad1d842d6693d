import { z } from 'zod';
import { deployTargetSchema } from '../deploy-target-schema.ts';
import { isScenarioDuration } from '../limits.ts';
import { instantSchema as instant } from '../scenario/instant.ts';

const duration = z.string().refine((s) => isScenarioDuration(s), {
  message: 'Expected a duration of at most a year, such as "90s", "3m" or "6d".',
});

export const identitySchema = z
  .object({
    id: z
      .string()
      .optional()
      .describe('Identity id (a GUID); default: derived from uniqueName, so it is stable.'),
    displayName: z.string().describe('Display name, e.g. "Kari Nordmann".'),
    uniqueName: z
      .string()
      .describe('Sign-in name, e.g. "kari.nordmann@example.no". Approvers and builds refer to it.'),
  })
  .strict();
export type IdentityInput = z.infer<typeof identitySchema>;

const definitionEnvironmentSchema = z
  .object({
    id: z
      .number()
      .int()
      .positive()
      .optional()
      .describe(
        'The definition environment id (definitionEnvironmentId); default definitionId * 100 + position.',
      ),
    name: z.string().describe('Stage name, e.g. "Staging" or "Production".'),
    preDeployApprovers: z
      .array(z.string())
      .default([])
      .describe(
        'uniqueNames of the required pre-deployment approvers (people or groups); empty = automated.',
      ),
    postDeployApprovers: z
      .array(z.string())
      .default([])
      .describe('uniqueNames of the required post-deployment approvers; empty = automated.'),
    trigger: z
      .enum(['afterRelease', 'afterPrevious', 'manual'])
      .optional()
      .describe(
        'When a release reaches this stage: at creation, after the previous stage succeeded, or never by itself. Default: the first stage afterRelease, the rest afterPrevious.',
      ),
    releaseCreatorCanBeApprover: z
      .boolean()
      .default(true)
      .describe('false = the approval policy forbids the person who created the release from approving it.'),
    approvalTimeout: duration
      .default('30d')
      .describe(
        'A pending approval that is not decided within this time is rejected (ADO default: 30 days).',
      ),
    queueTime: duration
      .default('10s')
      .describe('How long an approved deployment waits for an agent (status queued).'),
    deployDuration: duration.default('3m').describe('How long the deploy job runs.'),
    deployOutcome: z
      .enum(['succeeded', 'failed', 'partiallySucceeded'])
      .default('succeeded')
      .describe('How every deploy job of this stage ends (an event can fail just the next one).'),
    deployTargets: z
      .array(deployTargetSchema)
      .default([])
      .describe('What the deploy job rolls out (world.deploy): DaemonSets, container apps, function apps.'),
  })
  .strict();

const releaseDefinitionSchema = z
  .object({
    id: z.number().int().positive(),
    name: z.string(),
    path: z.string().default('\\'),
    artifactAlias: z.string().optional().describe('The primary artifact alias; default "_<name>".'),
    environments: z.array(definitionEnvironmentSchema).min(1).describe('The stages, in rank order.'),
  })
  .strict();

const releaseEnvironmentStateSchema = z
  .object({
    name: z.string().describe('The stage name (as in the definition).'),
    state: z
      .enum([
        'notStarted',
        'awaitingPreDeploy',
        'deploying',
        'awaitingPostDeploy',
        'succeeded',
        'failed',
        'rejected',
        'canceled',
      ])
      .describe('Where the release stands in this stage.'),
    at: instant.optional().describe('When it got there (default: the release creation time).'),
    approvedBy: z
      .string()
      .optional()
      .describe('uniqueName that gave the approvals that were given (default: each approver itself).'),
  })
  .strict();

const releaseSchema = z
  .object({
    id: z.number().int().positive(),
    definitionId: z.number().int().positive(),
    name: z.string().optional().describe('Default "Release-<id>".'),
    createdOn: instant,
    createdBy: z.string().optional().describe('uniqueName of the creator (default: the first token user).'),
    version: z
      .string()
      .describe('The primary artifact version (build number or image tag) this release deploys.'),
    image: z
      .string()
      .optional()
      .describe(
        'Full image reference passed to deploy targets; default: the target keeps its repository and takes `version` as tag.',
      ),
    sourceBranch: z.string().default('refs/heads/main'),
    status: z.enum(['draft', 'active', 'abandoned']).default('active'),
    description: z.string().default(''),
    environments: z
      .array(releaseEnvironmentStateSchema)
      .default([])
      .describe('Stage states; stages not listed have not started.'),
  })
  .strict();

const buildDefinitionSchema = z
  .object({
    id: z.number().int().positive(),
    name: z.string(),
    path: z.string().default('\\'),
  })
  .strict();

const buildSchema = z
  .object({
    id: z.number().int().positive(),
    definitionId: z.number().int().positive(),
    buildNumber: z.string().optional().describe('Default: yyyyMMdd.<id>.'),
    queueTime: instant,
    startTime: instant.optional().describe('Default: 20 seconds after queueTime.'),
    finishTime: instant
      .optional()
      .describe('Default: 5 minutes after startTime. In the future = still running.'),
    status: z.enum(['completed', 'inProgress', 'notStarted', 'cancelling', 'postponed']).optional(),
    result: z.enum(['succeeded', 'partiallySucceeded', 'failed', 'canceled']).default('succeeded'),
    sourceBranch: z.string().default('refs/heads/main'),
    sourceVersion: z.string().optional().describe('Commit SHA; default derived from the id.'),
    message: z
      .string()
      .default('')
      .describe('The commit message (triggerInfo ci.message), e.g. with #authentication.'),
    tags: z.array(z.string()).default([]),
    reason: z
      .enum(['manual', 'individualCI', 'batchedCI', 'schedule', 'pullRequest'])
      .default('individualCI'),
    requestedFor: z.string().optional().describe('uniqueName (default: the first token user).'),
  })
  .strict();

const projectSchema = z
  .object({
    organization: z.string().describe('Organization name, e.g. "brreg".'),
    name: z.string().describe('Project name, e.g. "altinn-studio".'),
    id: z.string().optional().describe('Project id (GUID); default derived from the names.'),
    releaseDefinitions: z.array(releaseDefinitionSchema).default([]),
    releases: z.array(releaseSchema).default([]),
    buildDefinitions: z.array(buildDefinitionSchema).default([]),
    builds: z.array(buildSchema).default([]),
  })
  .strict();

export const azureDevOpsScenarioSchema = z
  .object({
    tokens: z
      .array(
        z
          .object({
            token: z
              .string()
              .describe('A PAT (sent as Basic base64(":"+PAT), any user name) or an Entra bearer token.'),
            user: identitySchema,
            scopes: z
              .array(z.string())
              .default(['app_token'])
              .describe(
                'The PAT\'s scopes, e.g. ["vso.release_execute", "vso.build"]; default full access (app_token). A request whose operation requires a scope the PAT lacks is refused with 401.',
              ),
          })
          .strict(),
      )
      .default([
        {
          token: 'ado-token',
          user: { displayName: 'Simulated User', uniqueName: 'user@example.com' },
          scopes: ['app_token'],
        },
      ])
      .describe('Credentials the simulated Azure DevOps accepts, and who each one is.'),
    groups: z
      .array(
        identitySchema
          .extend({ members: z.array(z.string()).default([]).describe('uniqueNames of the members.') })
          .strict(),
      )
      .default([])
      .describe('Groups that can be approvers; any member may decide for the group.'),
    users: z
      .array(identitySchema)
      .default([])
      .describe('Other people (approvers without a token, build requesters).'),
    projects: z.array(projectSchema).default([]),
  })
  .strict();

export type AzureDevOpsScenario = z.infer<typeof azureDevOpsScenarioSchema>;
export type AdoProjectScenario = z.infer<typeof projectSchema>;
export type ReleaseDefinitionScenario = z.infer<typeof releaseDefinitionSchema>;
export type DefinitionEnvironmentScenario = z.infer<typeof definitionEnvironmentSchema>;
export type ReleaseScenario = z.infer<typeof releaseSchema>;
export type BuildScenario = z.infer<typeof buildSchema>;
