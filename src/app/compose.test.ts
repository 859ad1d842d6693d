import { describe, expect, it } from 'vitest';
import { parseEstate } from '../config/load.ts';
import { providersFor } from './compose.ts';

// An invented estate: a GitHub-only team on a GitHub Enterprise Server.
const ESTATE = `team:
  name: rail
  issueRepository: rail/ops
calendar:
  timeZone: America/Chicago
  trainDays:
    thursday:
      deploy: staging
environments:
  - id: staging
    name: Staging
components:
  - id: ticketing
    name: Ticketing
    environments:
      staging:
        deployer:
          kind: github-environment
          repository: rail/ticketing
          workflow: ship.yml
          environment: staging
endpoints:
  github:
    apiUrl: https://ghe.rail.example/api/v3
`;

const env = { GITHUB_TOKEN: 'ghp_invented0000000000000000000000000000' };

describe('providersFor: GitHub write spacing', () => {
  it('spaces writes 1 s and notifying writes 3 s by default', async () => {
    const { estate } = parseEstate(ESTATE, 'pnd.yaml', {});
    const providers = await providersFor(estate, 'pnd.yaml', env, { purpose: 'test', azureDevOps: false });
    expect(providers.settings.github.writeSpacingMs).toEqual({ write: 1000, notifying: 3000 });
  });

  it('takes the spacing pnd.yaml sets (a GitHub Enterprise Server without secondary rate limits)', async () => {
    const text = `${ESTATE}    writeSpacing: { write: 0s, notifying: 2s }\n`;
    const { estate } = parseEstate(text, 'pnd.yaml', {});
    const providers = await providersFor(estate, 'pnd.yaml', env, { purpose: 'test', azureDevOps: false });
    expect(providers.settings.github.writeSpacingMs).toEqual({ write: 0, notifying: 2000 });
  });
});
