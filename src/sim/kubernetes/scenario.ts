import { z } from 'zod';

// Placeholder until the kubernetes simulation lands: an empty section.
export const kubernetesScenarioSchema = z.object({}).strict();
export type KubernetesScenario = z.infer<typeof kubernetesScenarioSchema>;
