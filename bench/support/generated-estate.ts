/**
 * A generated estate for the deploy-day benchmark: `size` components, half `ado-release` (one
 * classic release definition each, all in one Azure DevOps project) and half
 * `github-environment` (one repository each, with a draft release and last week's run waiting on
 * PROD). Every component has the seed estate's history (DESIGN.md §7, the audit log and
 * Authentication in examples/tilgangsinfo/scenario.yaml): a version in production since last
 * Tuesday, one that reached TT02 last Wednesday and waits for production, and this week's
 * candidates for TT02. Two APIM change feeds, one per environment. Both texts are validated with
 * the same parsers `pnd sim` and `pnd` use.
 */
import { stringify } from 'yaml';
import { parseEstate } from '../../src/config/load.ts';
import type { Estate } from '../../src/config/schema.ts';
import { parseScenario } from '../../src/sim/scenario/load.ts';
import type { Scenario } from '../../src/sim/scenario/schema.ts';

export interface GeneratedEstate {
  scenarioText: string;
  configText: string;
  scenario: Scenario;
  estate: Estate;
}

const ORG = 'bench';
const PROJECT = 'platform';
const OPS = 'platform-ops';
const KARI = 'kari.nordmann@example.no';
const OLA = 'ola.nordmann@example.no';

/** A stable, valid-looking 40-hex commit SHA per (component, release). */
function sha(component: number, release: number): string {
  let out = '';
  let x = (component + 1) * 7919 + release * 104729;
  while (out.length < 40) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += x.toString(16).padStart(8, '0');
  }
  return out.slice(0, 40);
}

export function generateEstate(size = 50): GeneratedEstate {
  const adoCount = Math.ceil(size / 2);
  const ghCount = size - adoCount;
  const pad = (n: number) => String(n).padStart(2, '0');

  const definitions = Array.from({ length: adoCount }, (_, i) => ({
    id: 100 + i,
    name: `Service ${pad(i)}`,
    environments: [
      { name: 'TT02', preDeployApprovers: [KARI], postDeployApprovers: [KARI] },
      {
        name: 'Production',
        preDeployApprovers: [KARI],
        postDeployApprovers: [KARI],
        releaseCreatorCanBeApprover: false,
      },
    ],
  }));
  // Per definition, as Authentication in the seed: in production since last Tuesday; reached TT02
  // last Wednesday and waits for production; two newer ones wait for TT02 (three pending approvals).
  const releases = definitions.flatMap((d, i) => {
    const base = 1000 + i * 10;
    return [
      {
        id: base + 1,
        definitionId: d.id,
        createdOn: '2026-11-10T07:42:00Z',
        createdBy: OLA,
        version: `20261110.${i + 1}`,
        environments: [
          { name: 'TT02', state: 'succeeded', at: '2026-11-11T12:10:00Z' },
          { name: 'Production', state: 'succeeded', at: '2026-11-17T09:20:00Z' },
        ],
      },
      {
        id: base + 2,
        definitionId: d.id,
        createdOn: '2026-11-17T07:55:00Z',
        createdBy: OLA,
        version: `20261117.${i + 1}`,
        environments: [
          { name: 'TT02', state: 'succeeded', at: '2026-11-18T12:30:00Z' },
          { name: 'Production', state: 'awaitingPreDeploy', at: '2026-11-18T12:30:00Z' },
        ],
      },
      {
        id: base + 3,
        definitionId: d.id,
        createdOn: '2026-11-20T13:05:00Z',
        createdBy: OLA,
        version: `20261120.${i + 1}`,
        environments: [{ name: 'TT02', state: 'awaitingPreDeploy', at: '2026-11-20T13:05:00Z' }],
      },
      {
        id: base + 4,
        definitionId: d.id,
        createdOn: '2026-11-22T19:40:00Z',
        createdBy: OLA,
        version: `20261122.${i + 1}`,
        environments: [{ name: 'TT02', state: 'awaitingPreDeploy', at: '2026-11-22T19:40:00Z' }],
      },
    ];
  });

  // Per repository, as the seed's audit log: a release through both environments, last
  // Wednesday's run waiting on PROD, and this week's draft.
  const repositories = Array.from({ length: ghCount }, (_, j) => ({
    fullName: `${ORG}/app-${pad(j)}`,
    environments: [
      { name: 'TT02', requiredReviewers: ['oncall-kari', 'ola-nordmann'], preventSelfReview: true },
      { name: 'PROD', requiredReviewers: ['oncall-kari', 'ola-nordmann'], preventSelfReview: true },
    ],
    workflows: [
      {
        file: 'deploy-after-release.yml',
        name: 'Deploy after release',
        on: 'release',
        jobs: [
          { environment: 'TT02', duration: '3m' },
          { environment: 'PROD', duration: '3m' },
        ],
      },
    ],
    releases: [
      {
        tag: '2026.11.11',
        target: sha(j, 1),
        author: 'oncall-kari',
        createdAt: '2026-11-06T14:02:00Z',
        publishedAt: '2026-11-11T12:40:00Z',
      },
      {
        tag: '2026.11.18',
        target: sha(j, 2),
        author: 'ola-nordmann',
        createdAt: '2026-11-13T09:15:00Z',
        publishedAt: '2026-11-18T12:45:00Z',
      },
      {
        tag: '2026.11.23',
        name: null,
        draft: true,
        target: sha(j, 3),
        createdAt: '2026-11-20T15:30:00Z',
      },
    ],
    runs: [
      {
        workflow: 'deploy-after-release.yml',
        headSha: sha(j, 1),
        actor: 'oncall-kari',
        createdAt: '2026-11-11T12:40:00Z',
        approvedAt: ['2026-11-11T12:45:00Z', '2026-11-17T09:37:00Z'],
        jobsDone: 2,
      },
      {
        workflow: 'deploy-after-release.yml',
        headSha: sha(j, 2),
        actor: 'ola-nordmann',
        createdAt: '2026-11-18T12:45:00Z',
        approvedAt: ['2026-11-18T12:49:00Z'],
        jobsDone: 1,
      },
    ],
  }));

  const scenarioData = {
    name: `bench-deploy-${size}`,
    description: `Generated: ${adoCount} Azure DevOps release components and ${ghCount} GitHub environment components, week 48.`,
    start: '2026-11-23T05:00:00+01:00',
    seed: 48,
    github: {
      users: [
        { login: 'oncall-kari', name: 'Kari Nordmann', push: [`${ORG}/*`] },
        { login: 'ola-nordmann', name: 'Ola Nordmann', push: [`${ORG}/*`] },
      ],
      tokens: [
        { token: 'ghp_sim_oncall_kari', login: 'oncall-kari', rateLimit: 100_000_000 },
        { token: 'ghp_sim_ola_nordmann', login: 'ola-nordmann', rateLimit: 100_000_000 },
      ],
      repositories,
    },
    azureDevOps: {
      tokens: [
        { token: 'ado-pat-kari-oncall', user: { displayName: 'Kari Nordmann', uniqueName: KARI } },
        { token: 'ado-pat-ola-dev', user: { displayName: 'Ola Nordmann', uniqueName: OLA } },
      ],
      projects: [
        { organization: ORG, name: PROJECT, releaseDefinitions: definitions, releases },
        {
          organization: ORG,
          name: OPS,
          buildDefinitions: [
            { id: 124, name: 'apim deploys to at' },
            { id: 125, name: 'apim deploys to tt' },
          ],
          builds: [
            {
              id: 88140,
              definitionId: 124,
              queueTime: '2026-11-17T08:47:00Z',
              message: 'Add endpoints #service00',
              requestedFor: OLA,
            },
            {
              id: 88152,
              definitionId: 124,
              queueTime: '2026-11-18T13:20:00Z',
              message: 'Update named values',
              requestedFor: OLA,
            },
            {
              id: 88161,
              definitionId: 125,
              queueTime: '2026-11-19T10:12:00Z',
              message: 'Rate limit policy #service01',
              requestedFor: OLA,
            },
            {
              id: 88178,
              definitionId: 125,
              queueTime: '2026-11-21T08:00:00Z',
              message: 'Bump APIM templates',
              requestedFor: OLA,
            },
          ],
        },
      ],
    },
    azure: { tokens: ['arm-token-pnd'] },
  };

  const adoDeployer = (d: (typeof definitions)[number], environmentName: string) => ({
    kind: 'ado-release',
    organization: ORG,
    project: PROJECT,
    definitionId: d.id,
    environmentName,
  });
  const ghDeployer = (fullName: string, environment: string, draft: boolean) => ({
    kind: 'github-environment',
    repository: fullName,
    workflow: 'deploy-after-release.yml',
    environment,
    ...(draft ? { draftRelease: { nameFromTag: true } } : {}),
  });
  const configData = {
    team: { name: 'bench', issueRepository: `${ORG}/train`, labels: ['kind/deploy_patch'] },
    calendar: {
      timeZone: 'Europe/Oslo',
      trainDays: { tuesday: { deploy: 'production' }, wednesday: { deploy: 'tt02' } },
    },
    environments: [
      { id: 'tt02', name: 'TT02', dwell: '10m' },
      {
        id: 'production',
        name: 'Production',
        soak: { after: 'tt02', minimum: '6d', requireVerified: true },
        dwell: '10m',
      },
    ],
    components: [
      ...definitions.map((d, i) => ({
        id: `service-${pad(i)}`,
        name: d.name,
        environments: {
          tt02: { deployer: adoDeployer(d, 'TT02') },
          production: { deployer: adoDeployer(d, 'Production') },
        },
      })),
      ...repositories.map((r, j) => ({
        id: `app-${pad(j)}`,
        name: `App ${pad(j)}`,
        environments: {
          tt02: { deployer: ghDeployer(r.fullName, 'TT02', true) },
          production: { deployer: ghDeployer(r.fullName, 'PROD', false) },
        },
      })),
    ],
    changeFeeds: [
      {
        id: 'apim-tt02',
        kind: 'ado-build',
        organization: ORG,
        project: OPS,
        definitionId: 124,
        forEnvironment: 'tt02',
        lookback: '7d',
        hashtags: ['#service00', '#service01'],
      },
      {
        id: 'apim-production',
        kind: 'ado-build',
        organization: ORG,
        project: OPS,
        definitionId: 125,
        forEnvironment: 'production',
        lookback: '7d',
        hashtags: ['#service00', '#service01'],
      },
    ],
  };

  const scenarioText = stringify(scenarioData);
  const configText = stringify(configData);
  const scenario = parseScenario(scenarioText, `generated scenario (${size} components)`);
  const { estate } = parseEstate(configText, `generated pnd.yaml (${size} components)`, {});
  return { scenarioText, configText, scenario, estate };
}
