import type { Journal } from '../journal/index.ts';
import type { VerificationOnRecord } from './deploy/soak-policy.ts';

/**
 * Verifications are journal evidence under one key per component, environment and version, so
 * the soak policy of the next environment can ask "did this version pass there?".
 */
export function verificationKey(component: string, env: string, versionId: string): string {
  return `verification:${component}:${env}:${versionId}`;
}

export async function recordVerification(
  journal: Journal,
  runId: number,
  record: {
    component: string;
    env: string;
    versionId: string;
    status: 'pass' | 'fail';
    reason?: string;
    step?: string;
    checks?: unknown;
  },
): Promise<void> {
  await journal.evidence(runId, {
    kind: 'verification',
    key: verificationKey(record.component, record.env, record.versionId),
    step: record.step,
    data: { status: record.status, reason: record.reason, checks: record.checks },
  });
}

export async function lastVerification(
  journal: Journal,
  component: string,
  env: string,
  versionId: string,
): Promise<VerificationOnRecord> {
  const entries = await journal.entries({
    key: verificationKey(component, env, versionId),
    kind: 'evidence',
  });
  const entry = entries.at(-1);
  if (!entry) return undefined;
  const data = entry.data as { status: 'pass' | 'fail'; reason?: string };
  return { status: data.status, at: entry.at, ...(data.reason ? { reason: data.reason } : {}) };
}

/**
 * The last verification of each version, read before a decision so the soak policy itself stays
 * a pure, synchronous function of what was read.
 */
export async function verificationsOf(
  journal: Journal,
  component: string,
  env: string,
  versionIds: readonly string[],
): Promise<Map<string, VerificationOnRecord>> {
  const unique = [...new Set(versionIds)];
  const records = await Promise.all(unique.map((id) => lastVerification(journal, component, env, id)));
  return new Map(unique.map((id, i) => [id, records[i]]));
}
