// The checks' public surface: what the train engine and the CLI import.
export type { CheckResult, CheckRunner, CheckStatus, Evidence, Expectation } from '../capabilities/check.ts';
export {
  DEFAULT_TIMEOUT_MS,
  MAX_REQUESTS_PER_MINUTE,
  defaultIntervalMs,
  verifyWithDwell,
  type DwellOptions,
  type DwellOutcome,
  type DwellPhase,
  type DwellRound,
} from './dwell.ts';
export { overallStatus, runChecks } from './run-checks.ts';
export { imageTag, tagMatches } from './image-tag.ts';
export { evidenceMarkdown, evidenceText } from './summary.ts';
