import { z } from 'zod';

const vendorNames = [
  'github',
  'github-graphql',
  'azure-devops-release',
  'azure-devops-build',
  'arm-container-apps',
  'arm-web-apps',
  'kubernetes',
  'entra',
  'github-actions-oidc',
] as const;

export const faultRuleSchema = z
  .object({
    vendor: z.enum(vendorNames).optional().describe('Only requests to this vendor API (default: all).'),
    method: z.string().optional().describe('Only this HTTP method (default: all).'),
    path: z
      .string()
      .optional()
      .describe(
        'Only this path below the vendor mount: a route template (`/repos/{owner}/{repo}/issues`) or a glob where `*` is one segment and `**` any number.',
      ),
    kind: z
      .enum(['delay', 'rate-limit', 'server-error', 'reset', 'hang'])
      .describe(
        'delay: answer late; rate-limit: refuse with the vendor rate-limit response; server-error: 5xx; reset: drop the connection; hang: never answer.',
      ),
    delayMs: z.number().int().nonnegative().optional().describe('delay: fixed delay in real milliseconds.'),
    delayMaxMs: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe('delay: with delayMs, a random delay between delayMs and delayMaxMs.'),
    status: z
      .number()
      .int()
      .min(400)
      .max(599)
      .optional()
      .describe('rate-limit: 403 or 429 (default 429); server-error: the 5xx status (default 500).'),
    retryAfterSeconds: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe('rate-limit: seconds until the limit resets (Retry-After / x-ratelimit-reset). Default 1.'),
    times: z.number().int().positive().optional().describe('Affect only this many matching requests.'),
    probability: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('Affect each matching request with this probability (seeded, reproducible).'),
  })
  .strict();

export type FaultRule = z.infer<typeof faultRuleSchema>;

export interface ActiveFault extends FaultRule {
  id: number;
  hits: number;
}

export interface FaultTarget {
  vendor: string;
  method: string;
  path: string;
  template: string | undefined;
}

/** Fault rules in force, matched in the order they were added; the first that fires wins. */
export class FaultTable {
  #rules: ActiveFault[] = [];
  #nextId = 1;
  #random: () => number;

  constructor(seed = 1) {
    this.#random = mulberry32(seed);
  }

  add(rule: FaultRule): ActiveFault {
    const active = { ...faultRuleSchema.parse(rule), id: this.#nextId++, hits: 0 };
    this.#rules.push(active);
    return active;
  }

  clear(): void {
    this.#rules = [];
  }

  list(): ActiveFault[] {
    return this.#rules.map((r) => ({ ...r }));
  }

  /** The fault to apply to this request, if any; consumes one of its `times`. */
  take(target: FaultTarget): ActiveFault | undefined {
    for (const rule of this.#rules) {
      if (rule.times !== undefined && rule.hits >= rule.times) continue;
      if (!matches(rule, target)) continue;
      if (rule.probability !== undefined && this.#random() >= rule.probability) continue;
      rule.hits++;
      return rule;
    }
    return undefined;
  }

  delayFor(rule: FaultRule): number {
    const min = rule.delayMs ?? 0;
    const max = rule.delayMaxMs ?? min;
    return max > min ? Math.round(min + this.#random() * (max - min)) : min;
  }
}

function matches(rule: FaultRule, target: FaultTarget): boolean {
  if (rule.vendor && rule.vendor !== target.vendor) return false;
  if (rule.method && rule.method.toUpperCase() !== target.method) return false;
  if (!rule.path) return true;
  if (rule.path.includes('{')) return rule.path === target.template;
  return globMatch(rule.path, target.path);
}

function globMatch(pattern: string, path: string): boolean {
  const source = pattern
    .split('/')
    .map((seg) => (seg === '**' ? '.*' : seg === '*' ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}$`).test(path);
}

/** A small seeded PRNG so that random faults and delays replay the same way. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
