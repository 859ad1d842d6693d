import { isScenarioDuration } from '../limits.ts';
import { z } from 'zod';
import { instantSchema as instant } from '../scenario/instant.ts';

const duration = z.string().refine((s) => isScenarioDuration(s), {
  message: 'Expected a duration of at most a year, such as "45s" or "2m".',
});

export const containerAppFaultSchema = z
  .enum(['provisioning-failed', 'unhealthy', 'stays-on-old-image'])
  .describe(
    'provisioning-failed: the new revision fails to provision (provisioningError); unhealthy: it provisions but is Unhealthy/Degraded; stays-on-old-image: the deploy creates no new revision, the app keeps its image.',
  );

const revisionSchema = z
  .object({
    suffix: z
      .string()
      .optional()
      .describe('Revision suffix; the name is <app>--<suffix>. Default derived from the image.'),
    image: z.string(),
    createdAt: instant,
  })
  .strict();

const containerAppSchema = z
  .object({
    name: z.string(),
    image: z
      .string()
      .describe(
        'The image the latest revision runs, e.g. "altinncr.azurecr.io/altinn-auth-audit-log:<sha>".',
      ),
    container: z.string().optional().describe('Container name; default the app name.'),
    activeRevisionsMode: z.enum(['Single', 'Multiple']).default('Single'),
    createdAt: instant.optional().describe('Default 60 days before the scenario start.'),
    latestRevisionAt: instant.optional().describe('When the latest revision was created; default createdAt.'),
    history: z
      .array(revisionSchema)
      .default([])
      .describe('Older revisions, oldest first (inactive in Single mode).'),
    provisioningTime: duration.default('45s').describe('How long a new revision takes to provision.'),
    nextRevision: containerAppFaultSchema.optional().describe('What goes wrong with the next deploy.'),
  })
  .strict();

const deploymentSchema = z
  .object({
    id: z.string().optional().describe('Deployment id; default a GUID derived from the app and position.'),
    status: z
      .number()
      .int()
      .min(0)
      .max(5)
      .default(4)
      .describe('Kudu DeployStatus: 0 Pending, 1 Building, 2 Deploying, 3 Failed, 4 Success, 5 Complete.'),
    startTime: instant,
    endTime: instant.optional().describe('Default 90 seconds after startTime.'),
    author: z.string().default('N/A'),
    authorEmail: z.string().optional(),
    deployer: z.string().default('GITHUB_ZIP_DEPLOY_FUNCTIONS_V1'),
    message: z.string().default(''),
  })
  .strict();

const functionAppSchema = z
  .object({
    name: z.string(),
    deployments: z
      .array(deploymentSchema)
      .default([])
      .describe('Past deployments, oldest first; the newest successful one is active.'),
    deployDuration: duration.default('90s').describe('How long a new deployment takes to succeed.'),
    nextDeployment: z
      .object({ fault: z.literal('failed'), message: z.string().optional() })
      .strict()
      .optional()
      .describe('The next deployment ends with status 3 (Failed).'),
  })
  .strict();

const resourceGroupSchema = z
  .object({
    name: z.string(),
    location: z.string().default('norwayeast'),
    containerApps: z.array(containerAppSchema).default([]),
    functionApps: z.array(functionAppSchema).default([]),
  })
  .strict();

export const armScenarioSchema = z
  .object({
    tokens: z
      .array(z.string())
      .default(['arm-token'])
      .describe('Bearer tokens Azure Resource Manager accepts.'),
    pageSize: z
      .number()
      .int()
      .positive()
      .default(100)
      .describe(
        'Items per page of a list (container app revisions, function app deployments) before a nextLink.',
      ),
    subscriptions: z
      .array(z.object({ id: z.string(), resourceGroups: z.array(resourceGroupSchema).default([]) }).strict())
      .default([]),
  })
  .strict();

export type ArmScenario = z.infer<typeof armScenarioSchema>;
export type ContainerAppScenario = z.infer<typeof containerAppSchema>;
export type FunctionAppScenario = z.infer<typeof functionAppSchema>;
export type ContainerAppFault = z.infer<typeof containerAppFaultSchema>;
