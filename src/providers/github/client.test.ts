import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { VirtualClock } from '../../core/clock.ts';
import { createGitHubClient, isGraphqlMutation, PRODUCTION_WRITE_SPACING } from './client.ts';
import { WritePacer } from './write-pacer.ts';

/** A client with production spacing on a virtual clock, answering every request from memory. */
function recordingClient(clock: VirtualClock) {
  const started: { at: number; what: string }[] = [];
  const fetch = async (url: string, init: RequestInit) => {
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as { query?: string }) : {};
    started.push({
      at: clock.now(),
      what: `${init.method} ${new URL(url).pathname}${body.query ? ` ${body.query}` : ''}`,
    });
    return new Response(JSON.stringify(url.endsWith('/graphql') ? { data: { ok: true } } : { id: 1 }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
  const github = createGitHubClient({ baseUrl: 'https://api.github.invalid', token: 'ghp_test', clock });
  const request = { request: { fetch } };
  return { github, request, started };
}

const issue = { owner: 'o', repo: 'r', issue_number: 1 };

describe('GitHub client pacing (production spacing, virtual clock)', () => {
  it('sends GraphQL queries and GETs at once, all together', async () => {
    const clock = new VirtualClock(0);
    const { github, request, started } = recordingClient(clock);
    await Promise.all([
      ...Array.from({ length: 6 }, (_, i) => github.graphql(`query Q${i} { viewer { login } }`, request)),
      github.graphql('# a comment that says mutation\n{ viewer { login } }', request),
      github.rest.issues.get({ ...issue, ...request }),
      github.rest.issues.get({ ...issue, ...request }),
    ]);
    // The clock never moved (it only moves when told): nothing waited for a write slot.
    expect(started).toHaveLength(9);
    expect(started.every((s) => s.at === 0)).toBe(true);
  });

  it('spaces mutations 1 s apart and notifying ones 3 s apart in virtual time, in call order', async () => {
    const clock = new VirtualClock(0);
    const { github, request, started } = recordingClient(clock);
    const all = Promise.all([
      github.rest.issues.update({ ...issue, body: 'x', ...request }),
      github.graphql('mutation { addProjectV2ItemById(input: {}) { item { id } } }', request),
      github.rest.issues.createComment({ ...issue, body: 'c', ...request }),
      github.rest.issues.createComment({ ...issue, body: 'd', ...request }),
      github.rest.issues.update({ ...issue, body: 'y', ...request }),
    ]);
    // Time moves only here: to each instant a request may start, once the one before it started.
    // A request that started early shows in `started` with an earlier time; a late one never comes.
    for (const [index, at] of [0, 1000, 2000, 5000, 6000].entries()) {
      clock.set(at);
      await vi.waitFor(() => expect(started.length).toBeGreaterThan(index));
    }
    await all;
    expect(started.map((s) => s.at)).toEqual([0, 1000, 2000, 5000, 6000]);
    expect(started.map((s) => s.what.split(' ').slice(0, 2).join(' '))).toEqual([
      'PATCH /repos/o/r/issues/1',
      'POST /graphql',
      'POST /repos/o/r/issues/1/comments',
      'POST /repos/o/r/issues/1/comments',
      'PATCH /repos/o/r/issues/1',
    ]);
  });

  it('does not hold a query behind a mutation that waits for its slot', async () => {
    const clock = new VirtualClock(0);
    const { github, request, started } = recordingClient(clock);
    await github.rest.issues.update({ ...issue, body: 'x', ...request });
    const waiting = github.rest.issues.update({ ...issue, body: 'y', ...request });
    await github.graphql('query { viewer { login } }', request);
    expect(started.map((s) => s.what.split(' ')[0])).toEqual(['PATCH', 'POST']);
    clock.advance(PRODUCTION_WRITE_SPACING.write);
    await waiting;
    expect(started.map((s) => s.at)).toEqual([0, 0, 1000]);
  });
});

describe('isGraphqlMutation', () => {
  it('tells mutation operations from queries, after fragments and comments', () => {
    expect(isGraphqlMutation('mutation Approve($id: ID!) { a(id: $id) { id } }')).toBe(true);
    expect(isGraphqlMutation('fragment F on Issue { id }\nmutation { a { ...F } }')).toBe(true);
    expect(isGraphqlMutation('  # reads\n  mutation{a}')).toBe(true);
    expect(isGraphqlMutation('query { mutationsCount }')).toBe(false);
    expect(isGraphqlMutation('{ viewer { login } } # not a mutation')).toBe(false);
    expect(isGraphqlMutation('query Q { a }\n# mutation { b }')).toBe(false);
  });
});

describe('WritePacer', () => {
  it('starts each request as early as both spacings allow, never earlier', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ notifying: fc.boolean(), gap: fc.nat(5000) }), { maxLength: 12 }),
        fc.record({ write: fc.nat(2000), notifying: fc.nat(4000) }),
        async (requests, spacing) => {
          const clock = new VirtualClock(0, { autoAdvance: true });
          const pacer = new WritePacer(clock, spacing);
          let lastWrite = -Infinity;
          let lastNotifying = -Infinity;
          for (const { notifying, gap } of requests) {
            clock.advance(gap);
            const asked = clock.now();
            await pacer.pace(notifying ? 'notifying' : 'write');
            const expected = Math.max(
              asked,
              lastWrite + spacing.write,
              notifying ? lastNotifying + spacing.notifying : -Infinity,
            );
            expect(clock.now()).toBe(expected);
            lastWrite = clock.now();
            if (notifying) lastNotifying = clock.now();
          }
        },
      ),
    );
  });
});
