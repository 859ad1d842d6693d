import { describe, expect, it } from 'vitest';
import type { ProviderContext } from '../providers/registry.ts';
import { resolveActor } from './actor.ts';

/** A GitHub client whose GET /user answers `answer` (a login) or fails with that status. */
function github(answer: string | number): ProviderContext {
  const getAuthenticated = async () => {
    if (typeof answer === 'string') return { data: { login: answer } };
    throw Object.assign(new Error(`HTTP ${answer}`), { status: answer });
  };
  return { github: { rest: { users: { getAuthenticated } } } } as unknown as ProviderContext;
}

describe('who a lock is recorded as', () => {
  it('is the GitHub login of the credential when it has one', async () => {
    expect(await resolveActor(github('oncall-kari'), { PND_ACTOR: 'x' })).toEqual({
      name: 'oncall-kari',
      source: 'github',
    });
  });

  it('falls back to PND_ACTOR, then GITHUB_ACTOR, then the OS user for an App token (403 on /user) or none', async () => {
    const app = github(403);
    expect(await resolveActor(app, { PND_ACTOR: 'ola', GITHUB_ACTOR: 'bot' })).toEqual({
      name: 'ola',
      source: 'PND_ACTOR',
    });
    expect(await resolveActor(app, { GITHUB_ACTOR: 'kari-gh' })).toEqual({
      name: 'kari-gh',
      source: 'GITHUB_ACTOR',
    });
    expect(await resolveActor(undefined, {})).toMatchObject({ source: 'os-user' });
  });

  it('does not guess when the credential is refused (401)', async () => {
    await expect(resolveActor(github(401), { PND_ACTOR: 'ola' })).rejects.toThrow('HTTP 401');
  });
});
