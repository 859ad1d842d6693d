import { describe, expect, it } from 'vitest';
import type { Estate } from '../config/schema.ts';
import { EXAMPLE_CONFIG } from '../cli/paths.ts';
import { loadEstate, parseEstate } from '../config/load.ts';
import { parseChecklist } from './parse.ts';
import { escapeNunjucks, generateTemplate } from './template-generate.ts';

const example = (): Estate => loadEstate(EXAMPLE_CONFIG, {}).estate;

describe('generateTemplate for the example estate', () => {
  const { text, stepIds } = generateTemplate(example());
  const checklist = parseChecklist(text, { frontMatter: true });

  it('is shaped like the seed: ISO week title, the team’s labels, a section per train day in week order', () => {
    expect(text.startsWith("---\ntitle: Deploy & Patching {{ date | date('GGGG [W]WW') }}\n")).toBe(true);
    expect(text).toContain("\nlabels: 'kind/deploy_patch, team/tilgangsinfo'\n---\n");
    expect([...text.matchAll(/^## (.*)$/gm)].map((match) => match[1])).toEqual([
      'Tuesday',
      'Wednesday',
      'Thursday',
    ]);
    expect(checklist.items.map((task) => task.text.replace(/ \(.*/, ''))).toEqual([
      'Deploy all components to Production',
      'Deploy updates to APIM',
      'Go grab a coffee',
      'Post-deploy all components in Production.',
      'Deploy all components to TT02.',
      'Deploy updates to APIM',
      'Go grab a coffee',
      'Post-deploy all components in TT02.',
      '[Altinn/altinn-authentication](https://github.com/Altinn/altinn-authentication): [open pull requests](https://github.com/Altinn/altinn-authentication/pulls).',
      '[Altinn/altinn-authentication-frontend](https://github.com/Altinn/altinn-authentication-frontend): [open pull requests](https://github.com/Altinn/altinn-authentication-frontend/pulls).',
      '[Altinn/altinn-resource-registry](https://github.com/Altinn/altinn-resource-registry): [open pull requests](https://github.com/Altinn/altinn-resource-registry/pulls).',
      '[Altinn/altinn-auth-audit-log](https://github.com/Altinn/altinn-auth-audit-log): [open pull requests](https://github.com/Altinn/altinn-auth-audit-log/pulls).',
    ]);
  });

  it('puts a unique marker on every line pnd can act on, and the checklist model finds each one', () => {
    expect(stepIds).toEqual([
      'deploy.authentication.production',
      'deploy.resource-registry.production',
      'deploy.auditlog.production',
      'apim.apim-production',
      'post-deploy.authentication.production',
      'post-deploy.resource-registry.production',
      'post-deploy.auditlog.production',
      'deploy.authentication.tt02',
      'deploy.resource-registry.tt02',
      'deploy.auditlog.tt02',
      'apim.apim-tt02',
      'post-deploy.authentication.tt02',
      'post-deploy.resource-registry.tt02',
      'post-deploy.auditlog.tt02',
      'patch.altinn/altinn-authentication',
      'patch.altinn/altinn-authentication-frontend',
      'patch.altinn/altinn-resource-registry',
      'patch.altinn/altinn-auth-audit-log',
    ]);
    expect(new Set(stepIds).size).toBe(stepIds.length);
    const marked = checklist.all.filter((task) => task.stepId !== undefined);
    expect(marked.map((task) => task.stepId)).toEqual(stepIds);
    expect(marked.map((task) => task.id)).toEqual(stepIds);
    expect(text.match(/<!-- pnd:step id=/g)).toHaveLength(stepIds.length);
    // Every task line is unticked, and the derived ids of the manual lines are unique too.
    expect(checklist.all.every((task) => !task.checked)).toBe(true);
    expect(new Set(checklist.all.map((task) => task.id)).size).toBe(checklist.all.length);
  });

  it('nests the per-component lines under their day’s parent lines', () => {
    const deployTt02 = checklist.items.find((task) => task.text === 'Deploy all components to TT02.');
    expect(deployTt02?.headingPath).toEqual(['Wednesday']);
    expect(deployTt02?.children.map((task) => task.stepId)).toEqual([
      'deploy.authentication.tt02',
      'deploy.resource-registry.tt02',
      'deploy.auditlog.tt02',
    ]);
  });

  it('links what the config knows: release definitions, workflows, draft releases, APIM pipelines, resources', () => {
    const line = (id: string): string => checklist.all.find((task) => task.id === id)?.text ?? '';
    expect(line('deploy.authentication.tt02')).toContain(
      '[Authentication](https://dev.azure.com/brreg/altinn-studio/_release?_a=releases&view=all&definitionId=20)',
    );
    expect(line('deploy.auditlog.tt02')).toContain(
      '[Auditlog](https://github.com/Altinn/altinn-auth-audit-log/actions/workflows/deploy-after-release.yml)',
    );
    expect(line('deploy.auditlog.tt02')).toContain(
      '[draft release](https://github.com/Altinn/altinn-auth-audit-log/releases)',
    );
    expect(line('deploy.auditlog.production')).not.toContain('draft release');
    expect(line('apim.apim-production')).toContain(
      '(https://dev.azure.com/brreg/altinn-studio-ops/_build?definitionId=125)',
    );
    expect(line('post-deploy.auditlog.production')).toContain(
      '/resourceGroups/auditlog-prod-rg/providers/Microsoft.App/containerApps/',
    );
    expect(line('post-deploy.authentication.production')).toContain('`platform-prod-01-aks`');
  });

  it('is deterministic, and matches the committed example', async () => {
    expect(generateTemplate(example()).text).toBe(text);
    await expect(text).toMatchFileSnapshot('./fixtures/tilgangsinfo-template.md.txt');
  });
});

describe('generateTemplate for other estates', () => {
  const minimal = (extra: string): Estate =>
    parseEstate(
      `team:
  name: t
  issueRepository: o/issues
  labels: ['a, b', "it's"]
calendar:
  timeZone: Europe/Oslo
  trainDays:
    friday: { deploy: dev, patch: true }
environments:
  - id: dev
    name: Dev {{ x }}
components:
  - id: app
    name: App [beta]
    environments:
      dev:
        deployer: { kind: github-environment, repository: o/App, workflow: deploy.yml, environment: dev }
${extra}`,
      'pnd.yaml',
      {},
    ).estate;

  it('keeps config text as text: nunjucks syntax escaped, link brackets escaped, labels quoted', () => {
    const { text } = generateTemplate(
      minimal(
        'patchDay:\n  repositories: [o/App]\nendpoints:\n  github: { apiUrl: https://ghe.test/api/v3 }\n',
      ),
    );
    expect(text).toContain("labels:\n  - 'a, b'\n  - 'it''s'\n---\n");
    expect(text).toContain(
      'Deploy [App \\[beta\\]](https://ghe.test/o/App/actions/workflows/deploy.yml) to Dev {{ "{" }}{ x }}:',
    );
    expect(text).not.toMatch(/\{\{ x/);
    expect(escapeNunjucks('{#c#} {%t%} {{{v}}}')).toBe(
      '{{ "{" }}#c{{ "#" }}} {{ "{" }}%t%} {{ "{" }}{{ "{" }}{v}}}',
    );
    // A deploy day that is also patch day has both, in one section.
    const { stepIds } = generateTemplate(minimal('patchDay:\n  repositories: [o/App]\n'));
    expect(stepIds).toEqual(['deploy.app.dev', 'post-deploy.app.dev', 'patch.o/app']);
  });
});
