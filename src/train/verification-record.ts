import type { Journal } from '../journal/index.ts';
import type { VerificationOnRecord } from './deploy/soak-policy.ts';

/**
 * Verifications are journal evidence under one key per component, environment and version, so
 * the soak policy of the next environment can ask "did this version pass there?".
 */
export function verificationKey(component: string, env: string, versionId: string): string {
  return `verification:${component}:${env}:${versionId}`;
}

export function recordVerification(
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
): void {
  journal.evidence(runId, {
    kind: 'verification',
    key: verificationKey(record.component, record.env, record.versionId),
    step: record.step,
    data: { status: record.status, reason: record.reason, checks: record.checks },
  });
}

export function lastVerification(
  journal: Journal,
  component: string,
  env: string,
  versionId: string,
): VerificationOnRecord {
  const entry = journal.entries({ key: verificationKey(component, env, versionId), kind: 'evidence' }).at(-1);
  if (!entry) return undefined;
  const data = entry.data as { status: 'pass' | 'fail'; reason?: string };
  return { status: data.status, at: entry.at, ...(data.reason ? { reason: data.reason } : {}) };
}
