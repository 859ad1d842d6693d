import { z } from 'zod';
import { isScenarioDuration } from '../limits.ts';
import { instantSchema } from './instant.ts';
import { faultRuleSchema } from '../faults.ts';
import { armScenarioSchema } from '../arm/scenario.ts';
import { azureDevOpsScenarioSchema } from '../azure-devops/scenario.ts';
import { gitHubScenarioSchema } from '../github/scenario.ts';
import { kubernetesScenarioSchema } from '../kubernetes/scenario.ts';
import { entraScenarioSchema } from '../entra/scenario.ts';

export const durationSchema = z
  .string()
  .refine((s) => isScenarioDuration(s), {
    message: 'Expected a duration of at most a year, such as "90s", "3m", "2h" or "6d".',
  })
  .describe('A duration: a number and a unit (ms, s, m, h, d, w), combinable: "1h30m".');

const timelineEntrySchema = z
  .object({
    at: instantSchema
      .optional()
      .describe('When the event happens: an ISO 8601 instant or an offset from the start ("+2d3h").'),
    after: durationSchema.optional().describe('When the event happens, counted from the scenario start.'),
    event: z.string().describe('The event name; `pnd sim --help` and GET /_sim/events list them.'),
    args: z.record(z.string(), z.unknown()).optional().describe('The event arguments.'),
  })
  .strict()
  .refine((e) => (e.at === undefined) !== (e.after === undefined), {
    message: 'Give exactly one of "at" and "after".',
  });

/**
 * A scenario seeds the simulated estate: what each vendor holds at the start, what happens
 * later (the timeline), and the faults in force. `docs/simulator.md` documents it;
 * `schema/scenario.schema.json` is generated from this schema.
 */
export const scenarioSchema = z
  .object({
    name: z.string().describe('A short name for the scenario.'),
    description: z.string().optional().describe('What the scenario sets up, for people.'),
    start: z.iso
      .datetime({ offset: true })
      .describe(
        'The scenario start, e.g. a Monday morning: "2026-11-23T05:00:00+01:00". Relative times count from it. `pnd sim` moves it by whole weeks to the latest one not after its own start (now, or --start).',
      ),
    seed: z.number().int().optional().describe('Seed for random faults and delays (default 1).'),
    github: gitHubScenarioSchema
      .optional()
      .describe('GitHub: repositories, issues, releases, Actions, PRs, projects.'),
    azureDevOps: azureDevOpsScenarioSchema
      .optional()
      .describe('Azure DevOps: release definitions, releases, approvals, build pipelines and builds.'),
    azure: armScenarioSchema.optional().describe('Azure Resource Manager: container apps and function apps.'),
    kubernetes: kubernetesScenarioSchema
      .optional()
      .describe('Kubernetes clusters: DaemonSets, Deployments, pods.'),
    entra: entraScenarioSchema
      .optional()
      .describe('Entra ID: the tenant, its applications and their credentials, and the Actions OIDC issuer.'),
    timeline: z.array(timelineEntrySchema).optional().describe('Events that happen at given times.'),
    faults: z.array(faultRuleSchema).optional().describe('Faults in force from the start.'),
  })
  .strict();

export type Scenario = z.infer<typeof scenarioSchema>;
