import { z } from 'zod';

// Placeholder until the azure-devops simulation lands: an empty section.
export const azureDevOpsScenarioSchema = z.object({}).strict();
export type AzureDevOpsScenario = z.infer<typeof azureDevOpsScenarioSchema>;
