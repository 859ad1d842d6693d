import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../core/clock.ts';
import { RefreshingToken } from './token-refresh.ts';

/** A credential that hands out numbered tokens valid for `lifetimeMs` on the clock. */
function counting(clock: VirtualClock, lifetimeMs: number) {
  let issued = 0;
  return {
    calls: () => issued,
    credential: {
      getToken: async () => {
        issued++;
        return { token: `token-${issued}`, expiresOnTimestamp: clock.now() + lifetimeMs };
      },
    },
  };
}

describe('RefreshingToken', () => {
  it('keeps a token until 5 minutes before it expires, then asks for a new one', async () => {
    const clock = new VirtualClock('2026-12-07T06:00:00Z');
    const source = counting(clock, 60 * 60_000);
    const token = new RefreshingToken(source.credential, 'scope/.default', clock);
    expect(await token.get()).toBe('token-1');
    clock.advance(54 * 60_000);
    expect(await token.get()).toBe('token-1');
    clock.advance(60_000 + 1);
    expect(await token.get()).toBe('token-2');
    expect(source.calls()).toBe(2);
  });

  it('shares one renewal between concurrent callers', async () => {
    const clock = new VirtualClock('2026-12-07T06:00:00Z');
    const source = counting(clock, 60 * 60_000);
    const token = new RefreshingToken(source.credential, 'scope/.default', clock);
    expect(await Promise.all([token.get(), token.get(), token.get()])).toEqual([
      'token-1',
      'token-1',
      'token-1',
    ]);
    expect(source.calls()).toBe(1);
  });

  it('renews at refreshAfterTimestamp when Entra suggests one, and passes a credential failure on', async () => {
    const clock = new VirtualClock('2026-12-07T06:00:00Z');
    let n = 0;
    const token = new RefreshingToken(
      {
        getToken: async () => {
          n++;
          if (n === 3) throw Object.assign(new Error('no sign-in'), { name: 'CredentialUnavailableError' });
          return {
            token: `t${n}`,
            expiresOnTimestamp: clock.now() + 24 * 3_600_000,
            refreshAfterTimestamp: clock.now() + 3_600_000,
          };
        },
      },
      's/.default',
      clock,
    );
    expect(await token.get()).toBe('t1');
    clock.advance(3_600_000);
    expect(await token.get()).toBe('t2');
    clock.advance(3_600_000);
    await expect(token.get()).rejects.toMatchObject({ name: 'CredentialUnavailableError' });
  });
});
