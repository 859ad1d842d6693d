import { createHash } from 'node:crypto';

/**
 * GitHub's "next" global node ids look like `I_kwDOAbc123zM5A1b2C` — a type prefix and an opaque
 * base64url payload. Clients must treat them as opaque; we only need them stable per object and
 * distinct per type, so the payload is a hash of the object's identity.
 */
export type NodeKind =
  | 'I' // Issue
  | 'PR' // PullRequest
  | 'IC' // IssueComment
  | 'PRR' // PullRequestReview
  | 'R' // Repository
  | 'U' // User
  | 'O' // Organization
  | 'BOT' // Bot
  | 'RE' // Release
  | 'DE' // Deployment
  | 'DES' // DeploymentStatus
  | 'EN' // Environment
  | 'W' // Workflow
  | 'WFR' // WorkflowRun
  | 'CR' // CheckRun
  | 'SC' // StatusContext
  | 'LA' // Label
  | 'PVT' // ProjectV2
  | 'PVTI' // ProjectV2Item
  | 'PVTF' // ProjectV2Field
  | 'PVTSSF' // ProjectV2SingleSelectField
  | 'PVTFSV' // ProjectV2ItemFieldSingleSelectValue
  | 'PVTFTV' // ProjectV2ItemFieldTextValue
  | 'PVTFNV' // ProjectV2ItemFieldNumberValue
  | 'PVTFDV' // ProjectV2ItemFieldDateValue
  | 'J' // Job (CheckRun of a workflow job)
  | 'A'; // App (Integration)

export function nodeId(kind: NodeKind, identity: string): string {
  const digest = createHash('sha256').update(`${kind}:${identity}`).digest();
  // "kwDO" is how GitHub's msgpack payloads start for most ids; it keeps ours looking familiar.
  return `${kind}_kwDO${digest.subarray(0, 9).toString('base64url')}`;
}

/**
 * A check suite's node id, as REST's `check_suite_node_id` of a workflow run and GraphQL's
 * `CheckSuite.id` give it: both must name the same object.
 */
export function checkSuiteNodeId(checkSuiteId: number): string {
  return `CS_kwDO${Buffer.from(String(checkSuiteId)).toString('base64url')}`;
}

/** A GitHub App's (legacy-format) node id, as REST's `app.node_id` and GraphQL's `App.id` give it. */
export function appNodeId(appId: number): string {
  return `MDM6QXBw${Buffer.from(String(appId)).toString('base64')}`;
}

/** Single-select option ids are 8 hex digits on GitHub. */
export function optionId(identity: string): string {
  return createHash('sha256').update(`option:${identity}`).digest('hex').slice(0, 8);
}

/** A deterministic 40-digit commit SHA; a short SHA from a scenario is extended the same way. */
export function shaFor(identity: string): string {
  return createHash('sha1').update(identity).digest('hex');
}

export function fullSha(sha: string): string {
  return sha.length === 40 ? sha : (sha + shaFor(`pad:${sha}`)).slice(0, 40);
}
