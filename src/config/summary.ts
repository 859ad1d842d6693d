import type { Estate } from './schema.ts';

/** What `pnd config check` reports about a valid estate: enough to see the file says what you meant. */
export interface EstateSummary {
  team: string;
  environments: string[];
  components: Array<{
    id: string;
    name: string;
    /** Per environment id: the deployer kind and the check kinds; absent when not deployed there. */
    environments: Record<string, { deployer: string; checks: string[] }>;
  }>;
  changeFeeds: string[];
  patchDayRepositories: string[];
}

export function summarizeEstate(estate: Estate): EstateSummary {
  return {
    team: estate.team.name,
    environments: estate.environments.map((env) => env.id),
    components: estate.components.map((component) => ({
      id: component.id,
      name: component.name,
      environments: Object.fromEntries(
        Object.entries(component.environments).map(([envId, target]) => [
          envId,
          { deployer: target.deployer.kind, checks: target.checks.map((check) => check.kind) },
        ]),
      ),
    })),
    changeFeeds: estate.changeFeeds.map((feed) => feed.id),
    patchDayRepositories: estate.patchDay?.repositories ?? [],
  };
}

function plural(count: number, word: string, words = `${word}s`): string {
  return `${count} ${count === 1 ? word : words}`;
}

/** A components × environments grid, plain text (colour is the caller's business). */
export function summaryTable(summary: EstateSummary): string[] {
  const header = ['component', ...summary.environments];
  const rows = summary.components.map((component) => [
    component.id,
    ...summary.environments.map((envId) => {
      const target = component.environments[envId];
      return target ? `${target.deployer}, ${plural(target.checks.length, 'check')}` : '-';
    }),
  ]);
  const widths = header.map((_, column) =>
    Math.max(...[header, ...rows].map((row) => (row[column] ?? '').length)),
  );
  return [header, ...rows].map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('   ')
      .trimEnd(),
  );
}

export function summaryLine(summary: EstateSummary): string {
  return (
    `team ${summary.team}: ${plural(summary.components.length, 'component')} × ` +
    `${plural(summary.environments.length, 'environment')} (${summary.environments.join(' → ')}), ` +
    `${plural(summary.changeFeeds.length, 'change feed')}, ` +
    `patch day for ${plural(summary.patchDayRepositories.length, 'repository', 'repositories')}`
  );
}
