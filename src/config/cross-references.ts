import { conflictingBindings } from './vendor-bindings.ts';

/**
 * Rules that span several parts of pnd.yaml (ids that must exist, promotion order). They run on
 * whatever the parser produced — possibly an invalid estate — so they read it defensively and only
 * judge the parts that have the right shape; the schema reports the rest.
 */

export type PathSegment = string | number;

export interface CrossReferenceIssue {
  path: PathSegment[];
  message: string;
  input: unknown;
  params: { allowed?: string; at?: 'key' };
}

type Table = Record<string, unknown>;

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function tables(value: unknown): Array<[number, Table]> {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item, index): Array<[number, Table]> => (isTable(item) ? [[index, item]] : []));
}

function listOrNone(ids: string[]): string {
  return ids.length > 0 ? ids.map((id) => `"${id}"`).join(', ') : 'none';
}

/** Ids must be unique within a list; the second and later uses are the mistakes. */
function duplicateIds(list: unknown, section: string, issues: CrossReferenceIssue[]): string[] {
  const seen: string[] = [];
  for (const [index, item] of tables(list)) {
    const id = item.id;
    if (typeof id !== 'string') continue;
    if (seen.includes(id)) {
      issues.push({
        path: [section, index, 'id'],
        message: 'The id is already used earlier in the list.',
        input: id,
        params: { allowed: `an id not yet used in ${section}; used so far: ${listOrNone(seen)}` },
      });
    } else {
      seen.push(id);
    }
  }
  return seen;
}

function checkSoak(environments: unknown, issues: CrossReferenceIssue[]): void {
  const ids = tables(environments).map(([, env]) => (typeof env.id === 'string' ? env.id : undefined));
  for (const [index, env] of tables(environments)) {
    const soak = env.soak;
    const earlier = ids.slice(0, index).filter((id): id is string => id !== undefined);
    // Promoting what never ran in the stage before is the mistake the train exists to prevent, so
    // a later environment must state its soak, even if that is `minimum: 0m`.
    if (soak === undefined && index > 0) {
      issues.push({
        path: ['environments', index, 'soak'],
        message: 'Every environment after the first needs a soak policy.',
        input: undefined,
        params: {
          allowed: `soak.after naming an earlier environment (${listOrNone(earlier)}); minimum: 0m to promote without waiting`,
        },
      });
    }
    if (!isTable(soak) || typeof soak.after !== 'string') continue;
    if (earlier.includes(soak.after)) continue;
    const known = ids.includes(soak.after);
    issues.push({
      path: ['environments', index, 'soak', 'after'],
      message: known
        ? 'The soak must follow an earlier environment in the promotion order.'
        : 'No environment has this id.',
      input: soak.after,
      params: {
        allowed:
          earlier.length > 0
            ? `an environment listed before this one: ${listOrNone(earlier)}`
            : 'none: the first environment cannot soak after another; remove `soak`',
      },
    });
  }
}

function checkEnvironmentRef(
  envIds: string[],
  value: unknown,
  path: PathSegment[],
  issues: CrossReferenceIssue[],
  at?: 'key',
): void {
  if (typeof value !== 'string' || envIds.includes(value)) return;
  issues.push({
    path,
    message: 'No environment has this id.',
    input: value,
    params: { allowed: `an id from environments: ${listOrNone(envIds)}`, ...(at ? { at } : {}) },
  });
}

function checkTrainDays(estate: Table, envIds: string[], issues: CrossReferenceIssue[]): void {
  const calendar = estate.calendar;
  if (!isTable(calendar) || !isTable(calendar.trainDays)) return;
  for (const [day, plan] of Object.entries(calendar.trainDays)) {
    if (!isTable(plan)) continue;
    const path = ['calendar', 'trainDays', day];
    checkEnvironmentRef(envIds, plan.deploy, [...path, 'deploy'], issues);
    if (plan.deploy === undefined && plan.patch !== true) {
      issues.push({
        path,
        message: 'A train day must deploy an environment or be patch day.',
        input: plan,
        params: { allowed: '`deploy: <environment id>` and/or `patch: true`', at: 'key' },
      });
    }
    if (plan.patch === true && estate.patchDay === undefined) {
      issues.push({
        path: [...path, 'patch'],
        message: 'Patch day needs a patchDay section.',
        input: true,
        params: { allowed: 'add `patchDay:` with the repositories, or remove `patch: true`' },
      });
    }
  }
}

/** A vendor environment (stage, GitHub environment) belongs to one pnd environment only. */
function checkBindings(estate: Table, issues: CrossReferenceIssue[]): void {
  for (const { binding, first } of conflictingBindings(estate.components)) {
    issues.push({
      path: [
        'components',
        binding.componentIndex,
        'environments',
        binding.env,
        'deployer',
        binding.vendor.field,
      ],
      message: 'This vendor environment is already bound to another pnd environment.',
      input: binding.vendor.label,
      params: {
        allowed: `a vendor environment of ${binding.env} only: ${first.vendor.label} is the gate of ${first.env} (component "${first.component}"); bind each stage or GitHub environment to one pnd environment`,
      },
    });
  }
}

/** A freeze ends on or after it starts, and names only environments that exist. */
function checkFreezes(estate: Table, envIds: string[], issues: CrossReferenceIssue[]): void {
  for (const [index, freeze] of tables(estate.freezes)) {
    const { from, to } = freeze;
    // Both are YYYY-MM-DD (the schema says so otherwise), so text order is date order.
    if (typeof from === 'string' && typeof to === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(from) && to < from)
      issues.push({
        path: ['freezes', index, 'to'],
        message: 'The freeze ends before it starts.',
        input: to,
        params: { allowed: `a date on or after "from" (${from})` },
      });
    checkEnvironmentList(envIds, freeze.environments, ['freezes', index, 'environments'], issues);
  }
  if (isTable(estate.holidays))
    checkEnvironmentList(envIds, estate.holidays.environments, ['holidays', 'environments'], issues);
}

function checkEnvironmentList(
  envIds: string[],
  list: unknown,
  path: PathSegment[],
  issues: CrossReferenceIssue[],
): void {
  if (!Array.isArray(list)) return;
  for (const [i, envId] of list.entries()) checkEnvironmentRef(envIds, envId, [...path, i], issues);
}

export function crossReferenceIssues(estate: unknown): CrossReferenceIssue[] {
  const issues: CrossReferenceIssue[] = [];
  if (!isTable(estate)) return issues;
  const envIds = duplicateIds(estate.environments, 'environments', issues);
  duplicateIds(estate.components, 'components', issues);
  duplicateIds(estate.changeFeeds, 'changeFeeds', issues);
  checkSoak(estate.environments, issues);
  for (const [index, component] of tables(estate.components)) {
    if (!isTable(component.environments)) continue;
    for (const envId of Object.keys(component.environments)) {
      checkEnvironmentRef(envIds, envId, ['components', index, 'environments', envId], issues, 'key');
    }
  }
  for (const [index, feed] of tables(estate.changeFeeds)) {
    checkEnvironmentRef(envIds, feed.forEnvironment, ['changeFeeds', index, 'forEnvironment'], issues);
  }
  checkTrainDays(estate, envIds, issues);
  checkBindings(estate, issues);
  checkFreezes(estate, envIds, issues);
  return issues;
}
