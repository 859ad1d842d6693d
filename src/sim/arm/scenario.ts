import { z } from 'zod';

// Placeholder until the arm simulation lands: an empty section.
export const armScenarioSchema = z.object({}).strict();
export type ArmScenario = z.infer<typeof armScenarioSchema>;
