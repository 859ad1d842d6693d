import { loadEstate } from '../config/load.ts';
import { createGitHubClient } from '../providers/github/client.ts';
import { loadScenario } from '../sim/scenario/load.ts';
import { startSimulator } from '../sim/simulator.ts';
import { changeFeeds, gates, patchDay, runtime, weeklyIssues, type Section } from './gather.ts';
import { simAccess } from './sim-access.ts';
import { timeMoves } from './time-moves.ts';
import { mondayIssue } from './weekly-issue.ts';

export interface Walkthrough {
  estate: { file: string; team: string; components: number; environments: string[] };
  simulator: { url: string; now: string; scenario: string };
  sections: Section[];
}

/**
 * `pnd demo`: the seed estate on the simulator, read through the same clients pnd uses against
 * the real vendors. `onSection` lets the CLI print each section as soon as it is gathered.
 */
export async function runWalkthrough(options: {
  configFile: string;
  scenarioFile: string;
  onSection?: (section: Section) => void;
}): Promise<Walkthrough> {
  const { estate } = loadEstate(options.configFile);
  const scenario = await loadScenario(options.scenarioFile);
  const sim = await startSimulator({ scenario });
  try {
    const access = simAccess(sim);
    // Demo-only: no other code path has a reason to slow down, and the simulator has no
    // secondary limits to respect; a real run keeps the throttling plugin's spacing.
    const github = createGitHubClient({
      baseUrl: access.urls.github,
      token: access.tokens.github,
      ca: access.ca,
    });
    const sections: Section[] = [];
    const add = (section: Section) => {
      sections.push(section);
      options.onSection?.(section);
    };
    add(await weeklyIssues(estate, github));
    add(await mondayIssue(estate, sim, github));
    add(await gates(estate, github, access));
    add(await changeFeeds(estate, access, sim.clock.now()));
    add(await runtime(estate, access));
    add(await patchDay(estate, github));
    add(await timeMoves(estate, sim, access));
    const problems = sim.problems();
    if (problems.length > 0)
      throw new Error(`The simulator saw problems: ${problems.map((p) => p.message).join('; ')}`);
    return {
      estate: {
        file: options.configFile,
        team: estate.team.name,
        components: estate.components.length,
        environments: estate.environments.map((e) => e.id),
      },
      simulator: { url: sim.url, now: sim.world.nowIso(), scenario: scenario.name },
      sections,
    };
  } finally {
    await sim.stop();
  }
}
