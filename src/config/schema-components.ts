import { z } from 'zod';
import { ownerRepo, positiveInt, remoteName, slug, subscriptionId, workflowFile } from './formats.ts';

/** Components: how each reaches an environment (deployer) and how pnd knows it is healthy (checks). */

export const adoReleaseDeployerSchema = z
  .strictObject({
    kind: z.literal('ado-release').describe('An Azure DevOps classic Release definition.'),
    organization: remoteName('Azure DevOps organization, e.g. "brreg".'),
    project: remoteName('Azure DevOps project, e.g. "altinn-studio".'),
    definitionId: positiveInt('Release definition id (the `definitionId` in the Releases page URL).'),
    environmentName: remoteName(
      'Name of the stage in the release definition, exactly as Azure DevOps shows it, e.g. "Staging".',
    ),
  })
  .describe(
    'Deploys by approving the pre-deployment approval of the stage, and finishes with its post-deployment approval.',
  );

export const draftReleaseSchema = z
  .strictObject({
    nameFromTag: z
      .boolean()
      .default(true)
      .describe('Set the release title to its tag (for example 2024.4.3) before publishing it.'),
  })
  .describe(
    'A draft GitHub release must be published first; publishing starts the workflow run that waits for this environment.',
  );

export const githubEnvironmentDeployerSchema = z
  .strictObject({
    kind: z
      .literal('github-environment')
      .describe('A GitHub Actions workflow job that waits on an environment.'),
    repository: ownerRepo('Repository that runs the workflow, as owner/name.'),
    workflow: workflowFile('Workflow file name in .github/workflows, e.g. "deploy-after-release.yml".'),
    environment: remoteName('GitHub environment the job waits on for a review, e.g. "Staging" or "PROD".'),
    draftRelease: draftReleaseSchema.optional(),
  })
  .describe('Deploys by reviewing (approving) the pending deployment of a workflow run.');

export const deployerSchema = z
  .discriminatedUnion('kind', [adoReleaseDeployerSchema, githubEnvironmentDeployerSchema])
  .describe('How a version reaches this environment. `kind` selects the fields.');

export const imageTagSourceSchema = z
  .enum(['release-tag', 'release-commit-sha', 'build-number'])
  .describe(
    'Where the expected image tag comes from: the release tag, the commit SHA the release was built from, or the build number of its primary artifact.',
  );

export const kubernetesWorkloadCheckSchema = z
  .strictObject({
    kind: z.literal('kubernetes-workload').describe('Rollout of a Kubernetes workload.'),
    cluster: remoteName(
      'Cluster name: a key of endpoints.kubernetes, or else a kubeconfig context, e.g. "platform-staging-02-aks".',
    ),
    namespace: remoteName('Namespace of the workload.').default('default'),
    workloadKind: z.enum(['DaemonSet', 'Deployment']).describe('Kind of the workload.'),
    name: remoteName('Name of the workload, e.g. "altinn-authentication".'),
    labelSelector: z
      .record(z.string().min(1), z.string())
      .optional()
      .describe('Labels (matchLabels) that select its pods; defaults to the workload’s own selector.'),
    imageTag: imageTagSourceSchema
      .optional()
      .describe(
        'When set, every pod must run an image with this tag; otherwise only the rollout is checked.',
      ),
  })
  .describe(
    'Passes when the rollout is complete (`kubectl rollout status` semantics) and no pod is crash-looping.',
  );

export const containerAppCheckSchema = z
  .strictObject({
    kind: z.literal('container-app').describe('Latest revision of an Azure Container App.'),
    subscriptionId: subscriptionId('Azure subscription id.'),
    resourceGroup: remoteName('Resource group, e.g. "auditlog-staging-rg".'),
    name: remoteName('Container App name.'),
    expectedImage: imageTagSourceSchema
      .default('release-commit-sha')
      .describe('Tag the latest revision’s image must have.'),
  })
  .describe('Passes when the latest revision runs the expected image, is provisioned, running and healthy.');

export const functionAppCheckSchema = z
  .strictObject({
    kind: z.literal('function-app').describe('Latest deployment of an Azure Function App.'),
    subscriptionId: subscriptionId('Azure subscription id.'),
    resourceGroup: remoteName('Resource group, e.g. "auditlog-staging-rg".'),
    name: remoteName('Function App name.'),
  })
  .describe('Passes when the latest active deployment succeeded.');

export const checkSchema = z
  .discriminatedUnion('kind', [
    kubernetesWorkloadCheckSchema,
    containerAppCheckSchema,
    functionAppCheckSchema,
  ])
  .describe('Evidence that a deploy is healthy. `kind` selects the fields.');

export const componentEnvironmentSchema = z
  .strictObject({
    deployer: deployerSchema,
    checks: z
      .array(checkSchema)
      .default([])
      .describe('Checks to run after the deploy, before the post-deploy gate; all must pass.'),
  })
  .describe('How this component is deployed to, and verified in, one environment.');

export const componentSchema = z
  .strictObject({
    id: slug('Stable id used in step ids and commands, e.g. "authentication".'),
    name: remoteName('Display name, as in the checklist, e.g. "Authentication".'),
    environments: z
      .record(slug('Environment id.'), componentEnvironmentSchema)
      .describe('Per environment id (from `environments`): its deployer and checks.'),
  })
  .describe('A deployable service.');

export type AdoReleaseDeployer = z.output<typeof adoReleaseDeployerSchema>;
export type GithubEnvironmentDeployer = z.output<typeof githubEnvironmentDeployerSchema>;
export type Deployer = z.output<typeof deployerSchema>;
export type ImageTagSource = z.output<typeof imageTagSourceSchema>;
export type KubernetesWorkloadCheck = z.output<typeof kubernetesWorkloadCheckSchema>;
export type ContainerAppCheck = z.output<typeof containerAppCheckSchema>;
export type FunctionAppCheck = z.output<typeof functionAppCheckSchema>;
export type Check = z.output<typeof checkSchema>;
export type ComponentEnvironment = z.output<typeof componentEnvironmentSchema>;
export type Component = z.output<typeof componentSchema>;
