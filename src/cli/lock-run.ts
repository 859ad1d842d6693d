// The work behind `pnd lock` and `pnd unlock`, loaded only when they run (see lock.ts).
import { resolveActor, type Actor } from '../app/actor.ts';
import { providersFor } from '../app/compose.ts';
import { parseDuration } from '../config/duration.ts';
import { loadEstate } from '../config/load.ts';
import type { Estate } from '../config/schema.ts';
import { closestMatch } from '../config/suggest.ts';
import { systemClock } from '../core/clock.ts';
import { PndError } from '../core/errors.ts';
import { journalLocation, openJournal, type Journal, type TeamLock } from '../journal/index.ts';
import type { LockCommandOptions } from './lock.ts';
import { printJson } from './output.ts';

interface Opened {
  estate: Estate;
  journal: Journal;
  actor: Actor;
}

/** The estate, who is acting and the journal (read-only for a dry run: nothing is created). */
async function open(envId: string, options: LockCommandOptions, env: NodeJS.ProcessEnv): Promise<Opened> {
  const { estate, warnings } = loadEstate(options.config, env);
  for (const w of warnings) process.stderr.write(`${w.where}: warning: ${w.message}\n`);
  checkTarget(estate, envId, options.component);
  // Only GitHub, and only to ask who the credential is (GET /user): a lock is the journal's alone.
  const providers =
    env.GITHUB_TOKEN || env.GH_TOKEN
      ? await providersFor(estate, options.config, env, {
          purpose: 'pnd records the GitHub login of the person who locks',
          azureDevOps: false,
        })
      : undefined;
  const actor = await resolveActor(providers, env);
  const journal = await openJournal({
    path: journalLocation({ location: options.journal, configUrl: estate.journal?.url }, env),
    env,
    ...(options.dryRun ? { readOnly: true } : {}),
  });
  return { estate, journal, actor };
}

function checkTarget(estate: Estate, envId: string, componentId: string | undefined): void {
  const envIds = estate.environments.map((e) => e.id);
  if (!envIds.includes(envId))
    throw new PndError('input-invalid', 'There is no such environment in the config.', {
      details: { where: `environment "${envId}"`, allowed: envIds, hint: hintFor(envId, envIds) },
    });
  if (componentId === undefined) return;
  const here = estate.components.filter((c) => c.environments[envId]).map((c) => c.id);
  if (!here.includes(componentId))
    throw new PndError('input-invalid', `There is no such component in ${envId} in the config.`, {
      details: { where: `--component ${componentId}`, allowed: here, hint: hintFor(componentId, here) },
    });
}

function hintFor(value: string, allowed: string[]): string {
  const close = closestMatch(value, allowed);
  return close ? `Did you mean "${close}"?` : `Use one of: ${allowed.join(', ')}.`;
}

/** `--until`: an ISO time, or a duration from now; either must lie in the future. */
export function parseUntil(text: string, now: number): string {
  let at: number;
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) at = Date.parse(text);
  else {
    try {
      at = now + parseDuration(text);
    } catch {
      at = Number.NaN;
    }
  }
  if (Number.isNaN(at))
    throw new PndError('input-invalid', 'The --until is neither a time nor a duration.', {
      details: {
        where: `--until ${text}`,
        hint: 'Use an ISO time such as 2026-12-24T12:00:00+01:00, or a duration such as 2d or 12h.',
      },
    });
  if (at <= now)
    throw new PndError('input-invalid', 'The --until lies in the past.', {
      details: { where: `--until ${text}`, hint: 'Give a time after now, or leave --until out.' },
    });
  return new Date(at).toISOString();
}

export async function runLock(
  envId: string,
  options: LockCommandOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const reason = (options.reason ?? '').trim();
  if (!reason)
    throw new PndError('input-invalid', 'A lock needs a reason.', {
      details: { where: '--reason', hint: 'Say why, e.g. --reason "database migration, ask kari".' },
    });
  const now = systemClock.now();
  const until = options.until === undefined ? undefined : parseUntil(options.until, now);
  const { journal, actor } = await open(envId, options, env);
  try {
    const request = {
      env: envId,
      ...(options.component ? { component: options.component } : {}),
      reason,
      ...(until ? { until } : {}),
      author: actor.name,
      authorSource: actor.source,
    };
    const lock = options.dryRun ? undefined : await journal.addTeamLock(request);
    if (options.json)
      printJson({
        dryRun: options.dryRun,
        lock: lock ?? { ...request, component: request.component ?? null, until: until ?? null },
      });
    else {
      const what = options.component ? `${options.component} in ${envId}` : envId;
      const by = `${actor.name} (${describeSource(actor)})`;
      process.stdout.write(
        options.dryRun
          ? `Dry run: would lock ${what} as ${by}${until ? ` until ${until}` : ''}: ${reason}\nNothing was changed.\n`
          : `Locked ${what} as ${by}${until ? ` until ${until}` : ''}: ${reason}\n`,
      );
    }
    return 0;
  } finally {
    await journal.close();
  }
}

export async function runUnlock(
  envId: string,
  options: LockCommandOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { journal, actor } = await open(envId, options, env);
  try {
    const component = options.component ?? null;
    let released: TeamLock[];
    if (options.dryRun) {
      const active = await journal.activeTeamLocks(new Date(systemClock.now()).toISOString());
      released = active.filter((l) => l.env === envId && l.component === component);
    } else {
      released = await journal.releaseTeamLocks({
        env: envId,
        ...(options.component ? { component: options.component } : {}),
        by: actor.name,
      });
    }
    if (options.json) printJson({ dryRun: options.dryRun, releasedBy: actor.name, released });
    else {
      const what = options.component ? `${options.component} in ${envId}` : envId;
      if (released.length === 0) process.stdout.write(`${what} is not locked; nothing to release.\n`);
      for (const lock of released)
        process.stdout.write(
          `${options.dryRun ? 'Dry run: would release' : 'Released'} the lock on ${what} by ${lock.author} since ${lock.createdAt}: ${lock.reason}\n`,
        );
      if (options.dryRun) process.stdout.write('Nothing was changed.\n');
    }
    return 0;
  } finally {
    await journal.close();
  }
}

function describeSource(actor: Actor): string {
  return actor.source === 'github'
    ? 'the GitHub login of the credential'
    : actor.source === 'os-user'
      ? 'the operating-system user: no GitHub login, PND_ACTOR or GITHUB_ACTOR'
      : `from ${actor.source}: the credential has no GitHub login`;
}
