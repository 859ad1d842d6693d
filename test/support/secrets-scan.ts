import { DatabaseSync } from 'node:sqlite';
import { existsSync } from 'node:fs';
import type { Journal } from '../../src/journal/index.ts';
import { secretsIn } from '../../src/journal/redact.ts';
import type { Simulator } from '../../src/sim/simulator.ts';
import { FAKE_TOKENS } from './fake-tokens.ts';

/**
 * The suite's secrets scan (issue 13): what pnd printed, its journals and what reached the
 * simulator (every request it logged, with the bodies of the issues, comments and approvals pnd
 * wrote) must hold no credential: the harnesses' realistic fake tokens, every token a scenario
 * defines and every credential variable a pnd process was given. A hit fails the test, naming
 * where and which credential, never its value. Cheap: substring searches over text already in
 * memory, and one read of each journal.
 */

const NAMED = new Map<string, string>(Object.entries(FAKE_TOKENS).map(([name, value]) => [value, name]));
/** Shorter strings are not searched for, as in journal/redact.ts: "1" would match everywhere. */
const MIN_LENGTH = 8;

export class SecretLeak extends Error {}

function label(secret: string): string {
  return NAMED.get(secret) ?? `a token of ${secret.length} characters`;
}

/** Throws when `text` holds one of `secrets` (by default the harnesses' fake tokens). */
export function assertNoSecrets(where: string, text: string, secrets: Iterable<string> = NAMED.keys()): void {
  for (const secret of secrets) {
    if (secret.length >= MIN_LENGTH && text.includes(secret))
      throw new SecretLeak(`secrets scan: ${where} contains a credential (${label(secret)})`);
  }
}

/** The fake tokens plus the credential values of a process environment. */
export function secretsOfEnv(env: NodeJS.ProcessEnv): string[] {
  return [...NAMED.keys(), ...secretsIn(env)];
}

/**
 * Every token a scenario defines (github/azureDevOps `tokens[].token`, azure and cluster
 * `tokens[]`, Entra applications' `secret`, the Actions OIDC `requestToken`).
 */
function scenarioTokens(value: unknown, found: Set<string> = new Set(), underTokens = false): Set<string> {
  if (typeof value === 'string') {
    if (underTokens) found.add(value);
  } else if (Array.isArray(value)) {
    for (const item of value) scenarioTokens(item, found, underTokens);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value))
      scenarioTokens(
        item,
        found,
        key === 'tokens' ||
          key === 'actionsTokens' ||
          (underTokens && key === 'token') ||
          // Entra applications' client secrets and the Actions OIDC request token.
          key === 'secret' ||
          key === 'requestToken',
      );
  }
  return found;
}

/** Every table of a SQLite journal file, as JSON text. */
function journalFileText(path: string): string {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
      name: string;
    }[];
    return JSON.stringify(tables.map(({ name }) => db.prepare(`SELECT * FROM "${name}"`).all()));
  } finally {
    db.close();
  }
}

/** A journal file pnd wrote (e.g. PND_JOURNAL of a CLI run), if it exists. */
export function scanJournalFile(path: string, secrets: Iterable<string>): void {
  if (path === ':memory:' || !existsSync(path)) return;
  assertNoSecrets(`the journal ${path}`, journalFileText(path), secrets);
}

const journals = new WeakMap<Simulator, { journal: Journal; path: string }[]>();

/** Scans `journal` when the simulator it ran against is stopped (useSimulators). */
export function scanJournalWith(sim: Simulator, journal: Journal, path: string): void {
  journals.set(sim, [...(journals.get(sim) ?? []), { journal, path }]);
}

/** What reached a simulator and the journals that ran against it. */
export async function scanSimulator(sim: Simulator): Promise<void> {
  // GitHub Apps: the private keys the simulator made (whole and line by line) and every
  // installation token it handed out.
  const appSecrets = [...sim.gitHubApps.byId.values()].flatMap((app) =>
    app.keyMade && app.privateKeyPem
      ? [
          app.privateKeyPem,
          ...app.privateKeyPem.split('\n').filter((l) => l.length >= 16 && !l.startsWith('-----')),
        ]
      : [],
  );
  const secrets = [
    ...NAMED.keys(),
    ...scenarioTokens(sim.scenario),
    ...appSecrets,
    ...sim.gitHubApps.minted,
    ...sim.entra.issuedTokens(),
  ];
  assertNoSecrets('the simulator request log', JSON.stringify(sim.log.entries()), secrets);
  assertNoSecrets('the simulator problems', JSON.stringify(sim.problems()), secrets);
  for (const { journal, path } of journals.get(sim) ?? []) {
    let text: string | undefined;
    try {
      text = JSON.stringify({ runs: await journal.runs(), entries: await journal.entries() });
    } catch {
      // closed by the test: read its file instead (an in-memory journal is gone with it)
    }
    if (text !== undefined) assertNoSecrets('the journal', text, secrets);
    else scanJournalFile(path, secrets);
  }
}
