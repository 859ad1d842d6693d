import { describe, expect, it } from 'vitest';
import { PndOctokit } from './client.ts';
import { graphqlRead } from './graphql-read.ts';

/** An Octokit whose fetch answers `bodies` in turn and records the URLs asked. */
function octokit(baseUrl: string, bodies: unknown[]) {
  const urls: string[] = [];
  const github = new PndOctokit({
    baseUrl,
    auth: 'ghp_test',
    throttle: { enabled: false },
    retry: { enabled: false },
    request: {
      fetch: async (url: string) => {
        urls.push(url);
        return new Response(JSON.stringify(bodies.shift()), {
          headers: { 'content-type': 'application/json; charset=utf-8' },
        });
      },
    },
  });
  return { github, urls };
}

describe('graphqlRead', () => {
  it('asks where Octokit’s graphql does: /graphql, or /api/graphql on GitHub Enterprise Server', async () => {
    const dotcom = octokit('https://api.github.com', [{ data: { viewer: { login: 'a' } } }]);
    expect(await graphqlRead(dotcom.github, 'query { viewer { login } }', {})).toEqual({
      data: { viewer: { login: 'a' } },
    });
    const ghes = octokit('https://ghes.example/api/v3', [{ data: { viewer: { login: 'b' } } }]);
    await graphqlRead(ghes.github, 'query { viewer { login } }', {});
    expect([...dotcom.urls, ...ghes.urls]).toEqual([
      'https://api.github.com/graphql',
      'https://ghes.example/api/graphql',
    ]);
  });

  it('keeps the data of an answer whose errors are all tolerated; asks again through graphql otherwise', async () => {
    const partial = { data: { r0: null, r1: { n: 1 } }, errors: [{ type: 'NOT_FOUND', message: 'no r0' }] };
    const tolerated = octokit('https://api.github.com', [partial]);
    expect(await graphqlRead(tolerated.github, 'query { x }', {}, ['NOT_FOUND'])).toEqual(partial);
    expect(tolerated.urls).toHaveLength(1);

    const failing = octokit('https://api.github.com', [
      { data: null, errors: [{ type: 'INTERNAL', message: 'boom' }] },
      { data: null, errors: [{ type: 'INTERNAL', message: 'boom' }] },
    ]);
    const error = await graphqlRead(failing.github, 'query { x }', {}, ['NOT_FOUND']).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'GraphqlResponseError', errors: [{ type: 'INTERNAL' }] });
    expect(failing.urls).toHaveLength(2);
  });
});
