import type { ErrorObject } from 'ajv';
import { valueAt } from './problems.ts';

/**
 * Where a vendor's own description is stricter than the vendor: values the real API sends that
 * its description refuses. The simulator follows the vendor, so the validator excuses exactly
 * these values at exactly these checks — the check itself stays, and anything else it catches is
 * still drift. Every entry carries its evidence; docs/simulator.md ("Known deviations") lists
 * them, and a test keeps the two in step.
 */
export interface KnownDeviation {
  id: string;
  /** The description (spec/<vendor>.json) the deviation is from. */
  vendor: string;
  direction: 'request' | 'response';
  /** The check that is too strict: an Ajv `format` (with its name) or an `enum`. */
  keyword: 'format' | 'enum';
  format?: string;
  /** Instance paths it applies to (JSON pointer into the body). */
  path: RegExp;
  /** The values the vendor really sends there; nothing else is excused. */
  accepts: RegExp;
  /** Why, in a sentence. */
  reason: string;
  /** Links to the vendor's own answers, docs or maintainers' words. */
  evidence: string[];
}

export const KNOWN_DEVIATIONS: readonly KnownDeviation[] = [
  {
    id: 'github-bot-noreply-email',
    vendor: 'github',
    direction: 'response',
    keyword: 'format',
    format: 'email',
    path: /\/(?:author|committer)\/email$/,
    // <user id>+<login>@users.noreply.github.com, where an app's login ends in "[bot]".
    accepts: /^\d+\+[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\[bot\]@users\.noreply\.github\.com$/,
    reason:
      "A GitHub App's commits carry the noreply address <id>+<login>[bot]@users.noreply.github.com; the brackets are not allowed in an unquoted RFC 5322 local part, so the description's format `email` refuses an address GitHub itself sends (e.g. as head_commit.author.email of a workflow run).",
    evidence: [
      'https://github.com/dependabot/dependabot-core/issues/2369',
      'https://docs.github.com/en/account-and-profile/setting-up-and-managing-your-personal-account-on-github/managing-email-preferences/setting-your-commit-email-address',
      'https://github.com/peter-evans/create-pull-request/pull/1837',
    ],
  },
  {
    id: 'github-deployment-status-waiting',
    vendor: 'github',
    direction: 'response',
    keyword: 'enum',
    // A deployment status (list or get), or a deployment's `latest_status` wherever one is nested.
    path: /^(?:\/\d+)?\/state$/,
    accepts: /^waiting$/,
    reason:
      "A workflow job that waits on an environment's protection rules (a review, a wait timer) already has its deployment, whose status is `waiting` until the rules pass; the REST description's state enum leaves `waiting` out, while GitHub's GraphQL schema has it for the same status object (DeploymentStatusState.WAITING, DeploymentState.WAITING) and the deployment_protection_rule event carries that deployment while the rules are evaluated.",
    evidence: [
      'https://docs.github.com/en/graphql/reference/enums#deploymentstatusstate',
      'https://docs.github.com/en/graphql/reference/enums#deploymentstate',
      'https://docs.github.com/en/webhooks/webhook-events-and-payloads#deployment_protection_rule',
    ],
  },
];

/**
 * Ajv's errors minus those a known deviation excuses. An `anyOf`/`oneOf` summary goes too when
 * the only errors under it were excused (a nullable wrapper around an excused value).
 */
export function withoutKnownDeviations(
  vendor: string,
  direction: 'request' | 'response',
  errors: readonly ErrorObject[],
  data: unknown,
): ErrorObject[] {
  const applicable = KNOWN_DEVIATIONS.filter((d) => d.vendor === vendor && d.direction === direction);
  if (applicable.length === 0) return [...errors];
  const excused = new Set<ErrorObject>();
  for (const error of errors) {
    if (error.keyword !== 'format' && error.keyword !== 'enum') continue;
    const value = valueAt(data, error.instancePath);
    if (typeof value !== 'string') continue;
    const known = applicable.some(
      (d) =>
        d.keyword === error.keyword &&
        (d.keyword !== 'format' || d.format === error.params['format']) &&
        d.path.test(error.instancePath) &&
        d.accepts.test(value),
    );
    if (known) excused.add(error);
  }
  if (excused.size === 0) return [...errors];
  const under = (error: ErrorObject, path: string) => path === error.instancePath || path.startsWith(`${error.instancePath}/`);
  const isSummary = (error: ErrorObject) =>
    error.keyword === 'anyOf' ||
    error.keyword === 'oneOf' ||
    (error.keyword === 'type' && error.params['type'] === 'null');
  const left = errors.filter((error) => !excused.has(error));
  return left.filter((error) => {
    if (!isSummary(error)) return true;
    const covers = (other: ErrorObject) => other !== error && under(error, other.instancePath);
    const onlyExcused = [...excused].some(covers) && !left.some((other) => !isSummary(other) && covers(other));
    return !onlyExcused;
  });
}
