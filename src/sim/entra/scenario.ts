import { z } from 'zod';
import { isScenarioDuration } from '../limits.ts';

const lifetime = z
  .string()
  .refine((s) => isScenarioDuration(s), { message: 'Expected a duration such as "5m" or "1h".' });

const federatedCredentialSchema = z
  .object({
    issuer: z
      .string()
      .optional()
      .describe("The assertion's issuer; default the simulator's own GitHub Actions OIDC issuer."),
    subject: z
      .string()
      .describe('The subject the assertion must carry, e.g. "repo:acme/platform:environment:production".'),
    audience: z
      .string()
      .default('api://AzureADTokenExchange')
      .describe('The audience the assertion must carry.'),
  })
  .strict();

const applicationSchema = z
  .object({
    clientId: z.string().describe('The application (client) id.'),
    displayName: z.string().default('pnd release train'),
    secret: z.string().optional().describe('A client secret it may sign in with.'),
    federatedCredentials: z
      .array(federatedCredentialSchema)
      .default([])
      .describe('Federated identity credentials: client assertions it may sign in with.'),
    azureDevOpsUser: z
      .string()
      .optional()
      .describe(
        'uniqueName of the service principal in Azure DevOps (groups name it as a member); default the client id.',
      ),
  })
  .strict();

export const entraScenarioSchema = z
  .object({
    tenantId: z
      .string()
      .default('5e1f0c2a-0000-4000-8000-00000000e17a')
      .describe('The directory (tenant) id.'),
    tokenLifetime: lifetime
      .default('1h')
      .describe('How long an access token is valid, in virtual time (Entra: 60-90 minutes).'),
    applications: z.array(applicationSchema).default([]),
    actionsOidc: z
      .object({
        requestToken: z
          .string()
          .default('actions-id-token-request-token')
          .describe('ACTIONS_ID_TOKEN_REQUEST_TOKEN the runner hands the job.'),
        repository: z.string().default('acme/platform').describe('OWNER/REPO of the workflow.'),
        environment: z.string().optional().describe('The job environment; the subject names it when set.'),
        ref: z.string().default('refs/heads/main'),
        tokenLifetime: lifetime.default('5m').describe('How long an OIDC token is valid, in virtual time.'),
      })
      .strict()
      .default({
        requestToken: 'actions-id-token-request-token',
        repository: 'acme/platform',
        ref: 'refs/heads/main',
        tokenLifetime: '5m',
      })
      .describe('The GitHub Actions OIDC token endpoint of the job pnd runs in.'),
  })
  .strict();

export type EntraScenario = z.infer<typeof entraScenarioSchema>;
export type EntraApplication = z.infer<typeof applicationSchema>;
