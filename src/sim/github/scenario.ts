import { z } from 'zod';

// Placeholder until the github simulation lands: an empty section.
export const githubScenarioSchema = z.object({}).strict();
export type GitHubScenario = z.infer<typeof githubScenarioSchema>;
