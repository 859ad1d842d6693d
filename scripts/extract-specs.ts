/**
 * Trims the vendors' own OpenAPI/Swagger descriptions down to the operations the simulator serves,
 * and writes one self-contained JSON file per vendor under spec/ plus spec/PROVENANCE.md.
 *
 *   node scripts/extract-specs.ts [--shared ../shared] [--octokit-tarball FILE] [--out spec]
 *
 * Why this exists: the simulator validates every request and response against the vendor's
 * description, but a fresh clone has no /work/shared and the GitHub description lives in a 385 MB
 * npm package. The repository therefore keeps trimmed copies; this script is the only way they are
 * made, so every byte in spec/ can be traced back to a pinned source (sha256-checked below).
 *
 * Output is deterministic: sources are pinned by hash, traversal order is fixed, component maps are
 * sorted by name, everything else keeps the upstream key order, and JSON is written with 2-space
 * indentation and a trailing newline. Reruns produce identical bytes.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

type Json = null | boolean | number | string | Json[] | JsonObject;
interface JsonObject {
  [key: string]: Json;
}

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const OCTOKIT_PACKAGE = '@octokit/openapi';
const OCTOKIT_VERSION = '23.0.2';
const OCTOKIT_INTEGRITY =
  'sha512-pV8M7L9GY23AybNvTmo2nyjmpmnt6+2sRE/tqr0ZLQcPS4lnw7u5eZGNmwRNkBC3D7gZXbFx5AHzLUVRBXGDhg==';
const OCTOKIT_FILE = 'package/generated/api.github.com.json';

/** A source file, pinned by the sha256 of the bytes we read (BOM included, if any). */
interface PinnedSource {
  /** Path relative to the shared specs folder, or the in-tarball path for GitHub. */
  rel: string;
  sha256: string;
  /** Markdown line(s) saying where the bytes come from (from SOURCES.md). */
  origin: string;
}

const ADO_REPO = 'https://github.com/MicrosoftDocs/vsts-rest-api-specs';
const ADO_COMMIT = 'adb28786a3e9349d5b3deb43eb2134b682c33bb2';
const ARM_REPO = 'https://github.com/Azure/azure-rest-api-specs';
const K8S_ORIGIN =
  'upstream `kubernetes/kubernetes` branch `release-1.35`, `api/openapi-spec/v3/`; bytes taken unchanged from ' +
  '`kubernetes-sigs/kubectl-validate@a97ccfaca20b164819afdae780392496f6ed6bbd`';
const APP_DIR =
  'azure-resource-manager/specification/app/resource-manager/Microsoft.App/ContainerApps/stable/2025-07-01';
const COMMON_TYPES_DIR = 'azure-resource-manager/specification/common-types/resource-management';

const SOURCES = {
  github: {
    rel: OCTOKIT_FILE,
    sha256: '829b4bebb19a53133289f7b0bc819f4f1118115821db2ca9f25e9ee995a7da2a',
    origin: `npm \`${OCTOKIT_PACKAGE}@${OCTOKIT_VERSION}\` (integrity \`${OCTOKIT_INTEGRITY}\`), file \`generated/api.github.com.json\``,
  },
  adoRelease: {
    rel: 'azure-devops/release/7.1/release.json',
    sha256: 'f09be123ae27cc4813202c0c4ddcbb4e805c8dd3d80de496bf26714ab3b0e51a',
    origin: `${ADO_REPO} @ \`${ADO_COMMIT}\`, \`specification/release/7.1/release.json\` (upstream blob \`b2cddf6d2cff225d889dea753b4a080832733bca\`; the shared copy has the UTF-8 BOM stripped)`,
  },
  adoBuild: {
    rel: 'azure-devops/build/7.1/build.json',
    sha256: '2b6ff331e2028b33a0a3512976648019ca7076b35df826507ae33f12b4b6afe7',
    origin: `${ADO_REPO} @ \`${ADO_COMMIT}\`, \`specification/build/7.1/build.json\` (upstream blob \`535e999e2d9a439ddcf83be15edbf3aa50b6c561\`; the shared copy has the UTF-8 BOM stripped)`,
  },
  containerApps: {
    rel: `${APP_DIR}/ContainerApps.json`,
    sha256: 'f4e6519bd43e8801e05b4d7c5dbaaf4d4336a188e309e4d900086431168a1ffc',
    origin: `${ARM_REPO} @ \`829cc553e40df15e276bf3266ba64dfeab8313f0\`, \`specification/app/resource-manager/Microsoft.App/ContainerApps/stable/2025-07-01/ContainerApps.json\``,
  },
  containerAppsRevisions: {
    rel: `${APP_DIR}/ContainerAppsRevisions.json`,
    sha256: 'd7578ca8478bff6803bf0c04e161e58be39f810d5531118afe13440c17fca98e',
    origin: `${ARM_REPO} @ \`e94c4a58e81735a7947339f69c26f28cd8562955\`, \`specification/app/resource-manager/Microsoft.App/ContainerApps/stable/2025-07-01/ContainerAppsRevisions.json\``,
  },
  containerAppsCommon: {
    rel: `${APP_DIR}/CommonDefinitions.json`,
    sha256: '63d0c13e3e42fae4324d38aa17df4c80ba965227bc85503f6dae77dcbd87b3de',
    origin: `${ARM_REPO} @ \`5c05e41d580fe35f27c2737599611d4ad7360579\`, \`specification/app/resource-manager/Microsoft.App/ContainerApps/stable/2025-07-01/CommonDefinitions.json\``,
  },
  commonTypesV3: {
    rel: `${COMMON_TYPES_DIR}/v3/types.json`,
    sha256: '5240dd737c77318d4ac3373c1af240ce962376adb8c5b7b06517f7849b2cfaa9',
    origin: `${ARM_REPO} @ \`05432ee0bc8a3feb5bc0f6fd21f49bb7aeaf13af\`, \`specification/common-types/resource-management/v3/types.json\``,
  },
  commonTypesV3Identity: {
    rel: `${COMMON_TYPES_DIR}/v3/managedidentity.json`,
    sha256: '1598a52813a3a46085abaa105710d72c0f839e2630905c93f0ecc0a4441905c4',
    origin: `${ARM_REPO} @ \`05432ee0bc8a3feb5bc0f6fd21f49bb7aeaf13af\`, \`specification/common-types/resource-management/v3/managedidentity.json\``,
  },
  commonTypesV5: {
    rel: `${COMMON_TYPES_DIR}/v5/types.json`,
    sha256: '666dc086eceb697e4bdc6823f10656307b23f21ff065e5af9b8e6b585bc4feb2',
    origin: `${ARM_REPO} @ \`05432ee0bc8a3feb5bc0f6fd21f49bb7aeaf13af\`, \`specification/common-types/resource-management/v5/types.json\``,
  },
  webAppsExtract: {
    rel: 'azure-resource-manager/specification/web/resource-manager/Microsoft.Web/AppService/stable/2024-11-01/WebApps.deployments-extract.json',
    sha256: '5dad639ecf40ff005f2906ae43aa9e84ebfe6fb3f471a84035758d346d6d5ae7',
    origin:
      `hand-made extract (see /work/shared/specs/SOURCES.md §5) of ${ARM_REPO} @ \`6d68e084b730334aa384b6d934eb9bfc5ff54bdc\` ` +
      '`specification/web/resource-manager/Microsoft.Web/AppService/stable/2024-11-01/WebApps.json` plus two definitions from ' +
      '`@0076e3ee1b26bf1caae59ce57b88262e5540111f` `specification/web/resource-manager/Microsoft.Web/stable/2024-11-01/CommonDefinitions.json`',
  },
  k8sApps: {
    rel: 'kubernetes/api/openapi-spec/v3/apis__apps__v1_openapi.json',
    sha256: '8f22326dfd8be012bc6247e44bb6adb8070079c0ca9c0a527840811bccf3482e',
    origin: `${K8S_ORIGIN} \`pkg/openapiclient/builtins/1.35/apis/apps/v1.json\` = upstream \`api/openapi-spec/v3/apis__apps__v1_openapi.json\` (blob \`15df0b3735ed8e8c3ecc360ad8353611ecfaf925\`)`,
  },
  k8sCore: {
    rel: 'kubernetes/api/openapi-spec/v3/api__v1_openapi.json',
    sha256: '45666551cf0928e4e8a9b88508f9b23aa78d2341aa27b0587457b2694717fcc1',
    origin: `${K8S_ORIGIN} \`pkg/openapiclient/builtins/1.35/api/v1.json\` = upstream \`api/openapi-spec/v3/api__v1_openapi.json\` (blob \`8125c8ce3fc0332d0d9357588d940830c37fdd57\`)`,
  },
} satisfies Record<string, PinnedSource>;
type SourceId = keyof typeof SOURCES;

/* ------------------------------------------------------------------------------------------------ */
/* Vendor plans                                                                                      */
/* ------------------------------------------------------------------------------------------------ */

type Selector = { method: string; path: string } | { operationId: string };

interface Plan {
  vendor: string;
  output: string;
  title: string;
  /** Files whose operations may be selected, in this order (their `paths` are merged). */
  entries: SourceId[];
  /** Every file a `$ref` may lead to; all are hashed and listed in the provenance. */
  files: SourceId[];
  /**
   * Component names from these files are kept as they are; components from any other file get a
   * prefix derived from its path, so that common-types can never collide with API definitions.
   */
  homeFiles: SourceId[];
  operations: Selector[];
  /** Extra components to keep, as `#/...` pointers into the first entry file. */
  extraRefs?: string[];
  /** Vendor-specific rewrites; each returns the human-readable change descriptions. */
  transform?: (doc: JsonObject) => string[];
  /**
   * Also keep every response component whose body `$ref`s one of these schemas, even when no kept
   * operation uses it, so the simulator can answer any error the way the vendor does.
   */
  errorSchemas?: string[];
}

const GITHUB_OPERATIONS: Array<[string, string]> = [
  ['post', '/repos/{owner}/{repo}/issues'],
  ['get', '/repos/{owner}/{repo}/issues'],
  ['get', '/repos/{owner}/{repo}/issues/{issue_number}'],
  ['patch', '/repos/{owner}/{repo}/issues/{issue_number}'],
  ['get', '/repos/{owner}/{repo}/issues/{issue_number}/comments'],
  ['post', '/repos/{owner}/{repo}/issues/{issue_number}/comments'],
  ['patch', '/repos/{owner}/{repo}/issues/comments/{comment_id}'],
  ['get', '/search/issues'],
  ['get', '/repos/{owner}/{repo}/releases'],
  ['get', '/repos/{owner}/{repo}/releases/{release_id}'],
  ['patch', '/repos/{owner}/{repo}/releases/{release_id}'],
  ['get', '/repos/{owner}/{repo}/actions/runs'],
  ['get', '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs'],
  ['get', '/repos/{owner}/{repo}/actions/runs/{run_id}'],
  ['get', '/repos/{owner}/{repo}/actions/runs/{run_id}/jobs'],
  ['get', '/repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments'],
  ['post', '/repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments'],
  ['get', '/repos/{owner}/{repo}/deployments'],
  ['post', '/repos/{owner}/{repo}/deployments'],
  ['get', '/repos/{owner}/{repo}/deployments/{deployment_id}'],
  ['get', '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses'],
  ['post', '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses'],
  ['get', '/repos/{owner}/{repo}/pulls'],
  ['get', '/repos/{owner}/{repo}/pulls/{pull_number}'],
  ['put', '/repos/{owner}/{repo}/pulls/{pull_number}/merge'],
  ['get', '/repos/{owner}/{repo}/pulls/{pull_number}/reviews'],
  ['post', '/repos/{owner}/{repo}/pulls/{pull_number}/reviews'],
  ['get', '/repos/{owner}/{repo}/commits/{ref}/status'],
  ['get', '/repos/{owner}/{repo}/commits/{ref}/check-runs'],
  ['get', '/repos/{owner}/{repo}'],
  ['get', '/rate_limit'],
  ['get', '/user'],
  // GitHub App login (auth-app): the app itself with its JWT, installation lookup and tokens.
  ['get', '/app'],
  ['post', '/app/installations/{installation_id}/access_tokens'],
  ['get', '/repos/{owner}/{repo}/installation'],
  ['get', '/orgs/{org}/installation'],
];

const GITHUB_ERROR_SCHEMAS = ['basic-error', 'validation-error', 'validation-error-simple'];

const K8S_STATUS = 'io.k8s.apimachinery.pkg.apis.meta.v1.Status';

const PLANS: Plan[] = [
  {
    vendor: 'github',
    output: 'github.json',
    title: 'GitHub REST (api.github.com)',
    entries: ['github'],
    files: ['github'],
    homeFiles: ['github'],
    operations: GITHUB_OPERATIONS.map(([method, p]) => ({ method, path: p })),
    extraRefs: [
      ...GITHUB_ERROR_SCHEMAS.map((name) => `#/components/schemas/${name}`),
      '#/components/responses/not_found',
      '#/components/responses/validation_failed',
    ],
    errorSchemas: GITHUB_ERROR_SCHEMAS,
    transform: (doc) => githubUndeclaredErrors(doc),
  },
  {
    vendor: 'azure-devops-release',
    output: 'azure-devops-release.json',
    title: 'Azure DevOps Release 7.1 (vsrm.dev.azure.com)',
    entries: ['adoRelease'],
    files: ['adoRelease'],
    homeFiles: ['adoRelease'],
    operations: [
      { operationId: 'Approvals_List' },
      { operationId: 'Approvals_Update' },
      { operationId: 'Releases_List' },
      { operationId: 'Releases_Get Release' },
    ],
    transform: (doc) => [...adoEnvelope(doc, ['Approvals_List', 'Releases_List']), ...adoErrorResponses(doc)],
  },
  {
    vendor: 'azure-devops-build',
    output: 'azure-devops-build.json',
    title: 'Azure DevOps Build 7.1 (dev.azure.com)',
    entries: ['adoBuild'],
    files: ['adoBuild'],
    homeFiles: ['adoBuild'],
    operations: [{ operationId: 'Builds_List' }, { operationId: 'Builds_Get' }],
    transform: (doc) => [...adoEnvelope(doc, ['Builds_List']), ...adoErrorResponses(doc)],
  },
  {
    vendor: 'arm-container-apps',
    output: 'arm-container-apps.json',
    title: 'Azure Resource Manager Microsoft.App Container Apps 2025-07-01',
    entries: ['containerApps', 'containerAppsRevisions'],
    files: [
      'containerApps',
      'containerAppsRevisions',
      'containerAppsCommon',
      'commonTypesV3',
      'commonTypesV3Identity',
      'commonTypesV5',
    ],
    homeFiles: ['containerApps', 'containerAppsRevisions', 'containerAppsCommon'],
    operations: [
      { operationId: 'ContainerApps_Get' },
      { operationId: 'ContainerAppsRevisions_ListRevisions' },
      { operationId: 'ContainerAppsRevisions_GetRevision' },
    ],
  },
  {
    vendor: 'arm-web-apps',
    output: 'arm-web-apps.json',
    title: 'Azure Resource Manager Microsoft.Web sites/deployments 2024-11-01',
    entries: ['webAppsExtract'],
    files: ['webAppsExtract'],
    homeFiles: ['webAppsExtract'],
    operations: [{ operationId: 'WebApps_ListDeployments' }, { operationId: 'WebApps_GetDeployment' }],
  },
  {
    vendor: 'kubernetes',
    output: 'kubernetes.json',
    title: 'Kubernetes 1.35 (apps/v1 and core v1)',
    entries: ['k8sApps', 'k8sCore'],
    files: ['k8sApps', 'k8sCore'],
    homeFiles: ['k8sApps', 'k8sCore'],
    operations: [
      { method: 'get', path: '/apis/apps/v1/namespaces/{namespace}/daemonsets' },
      { method: 'get', path: '/apis/apps/v1/namespaces/{namespace}/daemonsets/{name}' },
      { method: 'get', path: '/apis/apps/v1/namespaces/{namespace}/deployments' },
      { method: 'get', path: '/apis/apps/v1/namespaces/{namespace}/deployments/{name}' },
      { method: 'get', path: '/api/v1/namespaces/{namespace}/pods' },
    ],
    extraRefs: [`#/components/schemas/${K8S_STATUS}`],
    transform: (doc) => k8sStatusResponses(doc),
  },
];

/* ------------------------------------------------------------------------------------------------ */
/* Vendor-specific rewrites. Each marks what it touched with `x-pnd-change` so a reader of spec/*.json */
/* sees it without opening PROVENANCE.md.                                                            */
/* ------------------------------------------------------------------------------------------------ */

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function* operationsOf(doc: JsonObject): Generator<{ pathKey: string; method: string; op: JsonObject }> {
  for (const section of ['paths', 'x-ms-paths']) {
    const paths = doc[section];
    if (!isObject(paths)) continue;
    for (const [pathKey, item] of Object.entries(paths)) {
      if (!isObject(item)) continue;
      for (const method of HTTP_METHODS) {
        const op = item[method];
        if (isObject(op)) yield { pathKey, method, op };
      }
    }
  }
}

/**
 * Azure DevOps list operations are described as returning a bare JSON array, but the service wraps
 * every collection in `{"count": n, "value": [...]}` (as the spec's own httpExamples show). Validating
 * against the bare array would reject every real response, so the 200 schema becomes the envelope.
 */
function adoEnvelope(doc: JsonObject, operationIds: string[]): string[] {
  const changes: string[] = [];
  for (const { op } of operationsOf(doc)) {
    const id = op['operationId'];
    if (typeof id !== 'string' || !operationIds.includes(id)) continue;
    const responses = op['responses'];
    const ok = isObject(responses) ? responses['200'] : undefined;
    const schema = isObject(ok) ? ok['schema'] : undefined;
    if (!isObject(ok) || !isObject(schema) || schema['type'] !== 'array') {
      throw new Error(`${id}: expected a 200 response with an array schema to wrap in the ADO envelope`);
    }
    ok['schema'] = {
      type: 'object',
      required: ['count', 'value'],
      properties: {
        count: { type: 'integer', format: 'int32' },
        value: schema,
      },
      'x-pnd-change':
        'Wrapped in the Azure DevOps collection envelope {count, value}; the upstream spec describes a bare array, ' +
        'the service and the spec httpExamples return the envelope.',
    };
    changes.push(
      `\`${id}\`: the 200 response schema \`array\` of \`${describeItems(schema)}\` was replaced by the ` +
        'collection envelope `{count: int32, value: [...]}` (both required), marked `x-pnd-change`.',
    );
  }
  if (changes.length !== operationIds.length) throw new Error(`ADO envelope: rewrote ${changes.length}`);
  return changes;
}

/**
 * GitHub answers 404 for every route under a repository that does not exist or that the token
 * cannot see ("Not Found", basic-error), yet several operations' descriptions omit that 404; and
 * reviewing a pending deployment that is not waiting, or that the user may not review, answers 422.
 * Without these the simulator could not give those real answers without failing its own validation.
 */
function githubUndeclaredErrors(doc: JsonObject): string[] {
  const changes: string[] = [];
  for (const { pathKey, method, op } of operationsOf(doc)) {
    const responses = op['responses'];
    if (!isObject(responses)) continue;
    const added: string[] = [];
    if (pathKey.startsWith('/repos/{owner}/{repo}') && responses['404'] === undefined) {
      responses['404'] = { $ref: '#/components/responses/not_found' };
      added.push('404 not_found');
    }
    if (pathKey.endsWith('/pending_deployments') && method === 'post' && responses['422'] === undefined) {
      responses['422'] = { $ref: '#/components/responses/validation_failed' };
      added.push('422 validation_failed');
    }
    if (added.length > 0) {
      op['x-pnd-change'] =
        `Added responses GitHub sends but this operation does not declare: ${added.join(', ')}.`;
      changes.push(
        `\`${method.toUpperCase()} ${pathKey}\`: added ${added.join(', ')} (marked \`x-pnd-change\` on the operation).`,
      );
    }
  }
  return changes;
}

const ADO_ERROR = 'pnd.AzureDevOpsErrorResponse';

/**
 * The Azure DevOps descriptions declare only `200`, yet the service answers failures (400, 401 on
 * writes, 403, 404, 409, 429, 500, ...) with a JSON-serialised .NET exception
 * `{"$id","innerException","message","typeName","typeKey","errorCode","eventId"}` (API-NOTES §2).
 * Without a declared error response the simulator could not answer any failure without failing
 * its own validation, so each kept operation gets a `default` response with that body.
 */
function adoErrorResponses(doc: JsonObject): string[] {
  const definitions = isObject(doc['definitions']) ? doc['definitions'] : {};
  definitions[ADO_ERROR] = {
    type: 'object',
    required: ['message', 'typeKey'],
    properties: {
      $id: { type: 'string' },
      innerException: { type: 'object', 'x-nullable': true },
      message: { type: 'string' },
      typeName: { type: 'string' },
      typeKey: { type: 'string' },
      errorCode: { type: 'integer', format: 'int32' },
      eventId: { type: 'integer', format: 'int32' },
    },
    'x-pnd-change':
      'Added: the error body Azure DevOps sends with every failure (a serialised .NET exception).',
  };
  doc['definitions'] = definitions;
  let count = 0;
  for (const { op } of operationsOf(doc)) {
    const responses = op['responses'];
    if (!isObject(responses)) throw new Error('ADO operation without responses');
    if (responses['default'] === undefined) {
      responses['default'] = {
        description: 'Error',
        schema: { $ref: `#/definitions/${ADO_ERROR}` },
        'x-pnd-change': 'Added: Azure DevOps answers failures with this body; upstream declares only 200.',
      };
      count++;
    }
  }
  return [
    `All ${count} kept operations got a \`default\` response with the Azure DevOps error body \`${ADO_ERROR}\` ` +
      '(`$id, innerException, message, typeName, typeKey, errorCode, eventId`; upstream declares only 200). ' +
      'The 203 HTML sign-in page for bad credentials is not JSON and is not validated. Marked `x-pnd-change`.',
  ];
}

function describeItems(schema: JsonObject): string {
  const items = schema['items'];
  return isObject(items) && typeof items['$ref'] === 'string' ? items['$ref'] : 'items';
}

/**
 * The Kubernetes description declares only `200` and a body-less `401` for reads, but the API server
 * answers every failure (401, 403, 404, 410, 429, 500, ...) with a `Status` object. Without this the
 * simulator could not serve a 404 for a missing DaemonSet without failing its own validation.
 */
function k8sStatusResponses(doc: JsonObject): string[] {
  const statusBody: JsonObject = {
    'application/json': { schema: { $ref: `#/components/schemas/${K8S_STATUS}` } },
  };
  let count = 0;
  for (const { op } of operationsOf(doc)) {
    const responses = op['responses'];
    if (!isObject(responses)) throw new Error('k8s operation without responses');
    const unauthorized = responses['401'];
    if (isObject(unauthorized) && unauthorized['content'] === undefined) {
      unauthorized['content'] = structuredClone(statusBody);
      unauthorized['x-pnd-change'] = 'Added the Status body the API server sends with 401.';
    }
    if (responses['default'] === undefined) {
      responses['default'] = {
        description: 'Error',
        content: structuredClone(statusBody),
        'x-pnd-change': 'Added: the API server answers every failure with a meta/v1 Status object.',
      };
    }
    count++;
  }
  return [
    `All ${count} kept operations: the body-less \`401\` response got an \`application/json\` body \`${K8S_STATUS}\`, ` +
      `and a \`default\` response with the same body was added (the API server answers every failure with a Status ` +
      'object; upstream declares only 200 and 401). Marked `x-pnd-change`.',
  ];
}

/* ------------------------------------------------------------------------------------------------ */
/* Reference collection                                                                              */
/* ------------------------------------------------------------------------------------------------ */

interface Loaded {
  id: SourceId;
  abs: string;
  doc: JsonObject;
  sha256: string;
  bytes: number;
  hadBom: boolean;
}

interface Target {
  file: string;
  /** Section as written in the output, e.g. `definitions` or `components/schemas`. */
  section: string;
  name: string;
}

const SWAGGER_SECTIONS = ['definitions', 'parameters', 'responses'];
const OAS3_SECTIONS = ['schemas', 'parameters', 'responses', 'headers', 'requestBodies', 'securitySchemes'];

function decodePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

function encodePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

class Collector {
  readonly kept = new Map<string, { target: Target; value: Json }>();
  private readonly queue: Target[] = [];
  private readonly byAbs: Map<string, Loaded>;
  private readonly homeAbs: Set<string>;
  private readonly sharedRoot: string;
  droppedExamples = 0;
  droppedMsExamples = 0;

  constructor(files: Loaded[], homeFiles: SourceId[], sharedRoot: string) {
    this.byAbs = new Map(files.map((f) => [f.abs, f]));
    this.homeAbs = new Set(files.filter((f) => homeFiles.includes(f.id)).map((f) => f.abs));
    this.sharedRoot = sharedRoot;
  }

  /** Deep-copies `node`, rewriting every `$ref` to a local one and queueing what it points at. */
  rewrite(node: Json, file: string, isNameMap = false): Json {
    if (Array.isArray(node)) return node.map((item) => this.rewrite(item, file));
    if (!isObject(node)) return node;
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      if (!isNameMap) {
        if (key === 'x-ms-examples') {
          this.droppedMsExamples++;
          continue;
        }
        // OAS3 media-type/parameter `examples` maps: big, and never used for validation.
        if (key === 'examples' && isObject(value)) {
          this.droppedExamples++;
          continue;
        }
        if (key === '$ref' && typeof value === 'string') {
          out[key] = this.localRef(value, file);
          continue;
        }
      }
      const childIsNameMap = !isNameMap && (key === 'properties' || key === 'patternProperties');
      out[key] = this.rewrite(value, file, childIsNameMap);
    }
    return out;
  }

  /** Queues the component a `#/...` pointer (relative to `file`) names, and returns its local ref. */
  localRef(ref: string, file: string): string {
    const target = this.resolve(ref, file);
    const key = `${target.section}/${encodePointerToken(this.localName(target))}`;
    const existing = this.kept.get(key);
    if (existing === undefined) {
      this.kept.set(key, { target, value: null });
      this.queue.push(target);
    } else if (existing.target.file !== target.file || existing.target.name !== target.name) {
      // Same local name from two files: only fine if the two components are byte-identical.
      const a = JSON.stringify(this.sourceValue(existing.target));
      const b = JSON.stringify(this.sourceValue(target));
      if (a !== b) throw new Error(`Name clash for ${key}: ${existing.target.file} vs ${target.file}`);
    }
    return `#/${key}`;
  }

  drain(): void {
    for (let target = this.queue.shift(); target !== undefined; target = this.queue.shift()) {
      const key = `${target.section}/${encodePointerToken(this.localName(target))}`;
      const entry = this.kept.get(key);
      if (entry === undefined) throw new Error(`internal: ${key} not registered`);
      entry.value = this.rewrite(this.sourceValue(target), target.file);
    }
  }

  private sourceValue(target: Target): Json {
    const loaded = this.byAbs.get(target.file);
    if (loaded === undefined) throw new Error(`$ref into an unpinned file: ${target.file}`);
    let node: Json | undefined = loaded.doc;
    for (const part of target.section.split('/')) node = isObject(node) ? node[part] : undefined;
    const value = isObject(node) ? node[target.name] : undefined;
    if (value === undefined)
      throw new Error(`Unresolvable $ref ${target.section}/${target.name} in ${target.file}`);
    return value;
  }

  private resolve(ref: string, file: string): Target {
    const hash = ref.indexOf('#');
    if (hash < 0) throw new Error(`$ref without a fragment: ${ref} (in ${file})`);
    const filePart = ref.slice(0, hash);
    const target = filePart === '' ? file : path.resolve(path.dirname(file), filePart);
    const tokens = ref
      .slice(hash + 1)
      .split('/')
      .slice(1)
      .map(decodePointerToken);
    if (tokens.length === 2 && SWAGGER_SECTIONS.includes(tokens[0] ?? '')) {
      return { file: target, section: tokens[0] ?? '', name: tokens[1] ?? '' };
    }
    if (tokens.length === 3 && tokens[0] === 'components' && OAS3_SECTIONS.includes(tokens[1] ?? '')) {
      return { file: target, section: `components/${tokens[1] ?? ''}`, name: tokens[2] ?? '' };
    }
    throw new Error(`Unsupported $ref shape: ${ref} (in ${file})`);
  }

  /**
   * Deterministic local names: components of the API's own files keep their upstream names; those of
   * any other file (ARM common-types) get the file's path below `specification/` as a dotted prefix,
   * e.g. `common-types.resource-management.v5.types.ErrorResponse`.
   */
  localName(target: Target): string {
    if (this.homeAbs.has(target.file)) return target.name;
    const rel = path.relative(this.sharedRoot, target.file).split(path.sep);
    const specIndex = rel.indexOf('specification');
    const tail = (specIndex >= 0 ? rel.slice(specIndex + 1) : rel).join('.').replace(/\.json$/, '');
    return `${tail}.${target.name}`;
  }
}

/* ------------------------------------------------------------------------------------------------ */
/* Extraction                                                                                        */
/* ------------------------------------------------------------------------------------------------ */

interface PlanResult {
  plan: Plan;
  json: string;
  files: Loaded[];
  kept: Array<{ method: string; path: string; operationId: string }>;
  changes: string[];
  componentCounts: Record<string, number>;
}

function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function loadSource(id: SourceId, abs: string): Loaded {
  if (!existsSync(abs)) throw new Error(`Source missing: ${abs}`);
  const bytes = readFileSync(abs);
  const sha256 = sha256Of(bytes);
  const pinned: string = SOURCES[id].sha256;
  if (pinned !== sha256) {
    throw new Error(
      `Source ${abs} has sha256 ${sha256}, but ${pinned} is pinned. The source changed: ` +
        'review the difference, then update SOURCES in scripts/extract-specs.ts on purpose.',
    );
  }
  let text = bytes.toString('utf8');
  const hadBom = text.charCodeAt(0) === 0xfeff;
  if (hadBom) text = text.slice(1);
  // JSON.parse yields JSON values only, so typing its result as `Json` is exact.
  const doc = JSON.parse(text) as Json;
  if (!isObject(doc)) throw new Error(`${abs}: not a JSON object`);
  return { id, abs, doc, sha256, bytes: bytes.length, hadBom };
}

function matchesSelector(sel: Selector, pathKey: string, method: string, op: JsonObject): boolean {
  if ('operationId' in sel) return op['operationId'] === sel.operationId;
  return sel.method === method && sel.path === pathKey;
}

function extractPlan(plan: Plan, resolveSource: (id: SourceId) => string, sharedRoot: string): PlanResult {
  const files = plan.files.map((id) => loadSource(id, resolveSource(id)));
  const fileById = new Map(files.map((f) => [f.id, f]));
  const entries = plan.entries.map((id) => {
    const f = fileById.get(id);
    if (f === undefined) throw new Error(`entry ${id} not loaded`);
    return f;
  });
  const first = entries[0];
  if (first === undefined) throw new Error(`${plan.vendor}: no entry file`);
  const collector = new Collector(files, plan.homeFiles, sharedRoot);
  const isOas3 = typeof first.doc['openapi'] === 'string';

  // Find each selected operation exactly once across the entry files.
  const found = plan.operations.map((sel) => {
    const hits: Array<{ file: Loaded; section: string; pathKey: string; method: string }> = [];
    for (const file of entries) {
      for (const section of ['paths', 'x-ms-paths']) {
        const paths = file.doc[section];
        if (!isObject(paths)) continue;
        for (const [pathKey, item] of Object.entries(paths)) {
          if (!isObject(item)) continue;
          for (const method of HTTP_METHODS) {
            const op = item[method];
            if (isObject(op) && matchesSelector(sel, pathKey, method, op))
              hits.push({ file, section, pathKey, method });
          }
        }
      }
    }
    if (hits.length !== 1)
      throw new Error(`${plan.vendor}: ${JSON.stringify(sel)} matched ${hits.length} operations`);
    const hit = hits[0];
    if (hit === undefined) throw new Error('unreachable');
    return hit;
  });

  // Rebuild the path items in upstream order (entry files in plan order), keeping only kept methods.
  const outSections: Record<string, JsonObject> = {};
  const kept: PlanResult['kept'] = [];
  for (const file of entries) {
    for (const section of ['paths', 'x-ms-paths']) {
      const paths = file.doc[section];
      if (!isObject(paths)) continue;
      for (const [pathKey, item] of Object.entries(paths)) {
        if (!isObject(item)) continue;
        const methods = found.filter(
          (f) => f.file === file && f.section === section && f.pathKey === pathKey,
        );
        if (methods.length === 0) continue;
        const outItem: JsonObject = {};
        for (const [key, value] of Object.entries(item)) {
          if (HTTP_METHODS.includes(key) && !methods.some((m) => m.method === key)) continue;
          outItem[key] = collector.rewrite(value, file.abs);
        }
        const target = (outSections[section] ??= {});
        if (target[pathKey] !== undefined) throw new Error(`${plan.vendor}: path ${pathKey} in two files`);
        target[pathKey] = outItem;
        for (const m of methods) {
          const op = outItem[m.method];
          const operationId = isObject(op) && typeof op['operationId'] === 'string' ? op['operationId'] : '';
          kept.push({ method: m.method.toUpperCase(), path: pathKey, operationId });
        }
      }
    }
  }

  for (const ref of plan.extraRefs ?? []) collector.localRef(ref, first.abs);
  if (plan.errorSchemas !== undefined) {
    const components = first.doc['components'];
    const responses = isObject(components) ? components['responses'] : undefined;
    if (!isObject(responses)) throw new Error(`${plan.vendor}: no components/responses`);
    const errorRefs = new Set(plan.errorSchemas.map((n) => `"$ref":"#/components/schemas/${n}"`));
    for (const [name, response] of Object.entries(responses)) {
      const refs = JSON.stringify(response).match(/"\$ref":"[^"]+"/g) ?? [];
      if (refs.some((r) => errorRefs.has(r))) {
        collector.localRef(`#/components/responses/${encodePointerToken(name)}`, first.abs);
      }
    }
  }
  collector.drain();

  // Assemble: upstream top-level key order; paths replaced; components rebuilt and sorted by name.
  const doc: JsonObject = {};
  const components: Record<string, JsonObject> = {};
  for (const key of [...collector.kept.keys()].sort(compareStrings)) {
    const entry = collector.kept.get(key);
    if (entry === undefined) continue;
    const slash = key.lastIndexOf('/');
    const section = key.slice(0, slash);
    const name = decodePointerToken(key.slice(slash + 1));
    (components[section] ??= {})[name] = entry.value;
  }
  const componentCounts: Record<string, number> = {};
  for (const [section, map] of Object.entries(components)) componentCounts[section] = Object.keys(map).length;

  for (const [key, value] of Object.entries(first.doc)) {
    if (key === 'paths' || key === 'x-ms-paths') {
      const section = outSections[key];
      if (section !== undefined) doc[key] = section;
    } else if (isOas3 && key === 'components') {
      const out: JsonObject = {};
      for (const section of OAS3_SECTIONS) {
        const map = components[`components/${section}`];
        if (section === 'securitySchemes' && isObject(value) && isObject(value['securitySchemes'])) {
          out[section] = value['securitySchemes'];
        } else if (map !== undefined) {
          out[section] = map;
        }
      }
      doc[key] = out;
    } else if (!isOas3 && SWAGGER_SECTIONS.includes(key)) {
      const map = components[key];
      if (map !== undefined) doc[key] = map;
    } else if (key === 'tags' || key === 'x-webhooks' || key === 'externalDocs') {
      // Dropped: tag lists and webhooks describe operations this file no longer holds.
    } else {
      doc[key] = collector.rewrite(value, first.abs);
    }
  }
  if (!isOas3) {
    // Swagger sections that only common-types files contributed are added after the upstream ones.
    for (const section of SWAGGER_SECTIONS) {
      const map = components[section];
      if (doc[section] === undefined && map !== undefined) doc[section] = map;
    }
  }
  const changes = plan.transform?.(doc) ?? [];
  if (collector.droppedMsExamples > 0) {
    changes.push(
      `Dropped ${collector.droppedMsExamples} \`x-ms-examples\` maps (they \`$ref\` example files not kept).`,
    );
  }
  if (collector.droppedExamples > 0) {
    changes.push(
      `Dropped ${collector.droppedExamples} OAS \`examples\` maps (media-type/parameter examples and the ` +
        '`components/examples` they reference); schema-level `example` values are kept.',
    );
  }
  doc['x-pnd-extract'] = {
    generator: 'scripts/extract-specs.ts',
    provenance: 'spec/PROVENANCE.md',
    sources: files.map((f) => ({ source: SOURCES[f.id].origin, sha256: f.sha256 })),
  };
  return {
    plan,
    json: `${JSON.stringify(doc, null, 2)}\n`,
    files,
    kept,
    changes,
    componentCounts,
  };
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/* ------------------------------------------------------------------------------------------------ */
/* Octokit tarball                                                                                   */
/* ------------------------------------------------------------------------------------------------ */

function integrityOf(bytes: Buffer): string {
  return `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
}

/** Returns the extracted api.github.com.json; the tarball is checked against the pinned npm integrity. */
function extractOctokitJson(tarball: string | undefined, workDir: string): string {
  let file = tarball;
  if (file === undefined) {
    // `npm pack` downloads only the tarball (14 MB) without unpacking all 385 MB of variants.
    execFileSync('npm', ['pack', `${OCTOKIT_PACKAGE}@${OCTOKIT_VERSION}`, '--pack-destination', workDir], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    file = path.join(workDir, `octokit-openapi-${OCTOKIT_VERSION}.tgz`);
  }
  const integrity = integrityOf(readFileSync(file));
  if (integrity !== OCTOKIT_INTEGRITY) {
    throw new Error(`${file}: integrity ${integrity} does not match the pinned ${OCTOKIT_INTEGRITY}`);
  }
  execFileSync('tar', ['-xzf', file, '-C', workDir, OCTOKIT_FILE], { stdio: 'inherit' });
  return path.join(workDir, OCTOKIT_FILE);
}

/* ------------------------------------------------------------------------------------------------ */
/* PROVENANCE.md                                                                                     */
/* ------------------------------------------------------------------------------------------------ */

const REGENERATE =
  'node scripts/extract-specs.ts --shared ../shared [--octokit-tarball octokit-openapi-23.0.2.tgz]   # or: npm run specs:extract';

/**
 * Facts about the descriptions (and the wire) that whoever writes simulator responses must know.
 * Each was checked against the sources named in PROVENANCE.md, or is marked as unverified.
 */
const WIRE_NOTES: Record<string, string[]> = {
  github: [
    'Every error response component whose body is `basic-error`, `validation-error` or `validation-error-simple` is kept, even if no kept operation references it.',
    'Response schemas are open (extra properties pass) except `public-user`, which is `additionalProperties: false`; in request bodies only the `issue_field_values` items of issue create/update are closed. Required lists are long: `issue` needs 20 fields, `simple-user` 18, `workflow-run` 26.',
    '`GET /user` answers `oneOf [private-user, public-user]` with a `discriminator` on `user_view_type`. The validator ignores the discriminator: the branches are exclusive anyway, because `public-user` is closed and `private-user` requires the private counters.',
    '`format: uri` fields reject raw `[` `]`: GitHub percent-encodes bot logins in API URLs (`/users/dependabot%5Bbot%5D`), so the simulator must too.',
    'Limits live only in descriptions: `per_page` has no `maximum` (max 100 per the docs).',
    'The rate-limit header components are named `x-rate-limit-*` but declared under the wire names `X-RateLimit-*`, and only on `GET /rate_limit`; `x-rate-limit-reset` has the non-standard format `timestamp` (epoch seconds).',
  ],
  'azure-devops-release': [
    'Checked against the spec httpExamples (approvals, releases): list responses come as `{count, value}` (rewritten above); enums travel as the camelCase strings the spec lists (`"status": "pending"`, `"approvalType": "preDeploy"`), not as the numbers the Node SDK converts them to; the service writes `_apis/Release/...` in URLs where the spec says `_apis/release/...` (ADO paths are case-insensitive).',
    'The `GET__GetARelease` httpExample sends `"projectReference": {"id": "...", "name": null}`; Swagger 2.0 has no nullable and the spec does not add `x-nullable`, so a strict validator rejects such nulls: omit unset fields instead of sending null.',
    'Unverified: several enums are .NET flag enums (`ReleaseSchedule.daysToRelease`, `EnvironmentStatus`); with more than one flag set the service would send a comma-separated string (`"monday, friday"`) that the spec enum does not admit.',
    '`Releases_Get Release` lives under `x-ms-paths` with the key `.../releases/{releaseId}?` (the `?` disambiguates it from `Releases_Get Release Revision`, which needs `definitionSnapshotRevision`); it is kept there.',
    'Only `200` responses are declared upstream; the ADO descriptions hold no error schema, so error answers (401, 404, ...) cannot be validated.',
  ],
  'azure-devops-build': [
    'List responses come as `{count, value}` (rewritten above); enums travel as camelCase strings (`"status": "completed"`, `"result": "succeeded"`). Only `200` responses are declared upstream.',
  ],
  'arm-container-apps': [
    'Components from `common-types/resource-management/**` are renamed `common-types.resource-management.<version>.<file>.<Name>`; those of the three Container Apps files keep their names (a clash would stop the script).',
    '`404` responses are declared with `x-ms-error-response: true` and no schema; by ARM convention they carry the `default` error body (`{error: {code, message, ...}}`), and the validator checks them against it.',
    'Enums marked `x-ms-enum.modelAsString: true` are extensible for clients, but the validator holds simulator responses to the listed values.',
    '`api-version` is required but its value is not constrained by the description (this file is 2025-07-01, the default of `@azure/arm-appcontainers` 3.0.0).',
  ],
  'arm-web-apps': [
    'The source is itself an extract (see its origin); the `PUT`/`DELETE` operations of the `{id}` path item are dropped here.',
    'This description is `2024-11-01`; `@azure/arm-appservice` 19.0.0 sends `api-version=2025-05-01` by default. The validator does not pin the value.',
    '`properties.status` is an int32 (Kudu `DeployStatus`: 0 Pending ... 4 Success, 5 Complete), and the property names are snake_case on the wire (`author_email`, `start_time`, `end_time`).',
  ],
  kubernetes: [
    'Schemas reached from both upstream files must be byte-identical (checked on every run; they are), so the two files merge into one.',
    'The v3 description declares no `enum` at all: enum-like strings (`phase`, `updateStrategy.type`, container state reasons) are only described in prose, so only their type is validated.',
    'All upstream media types are kept; pnd validates `application/json` only.',
  ],
};

function provenance(results: PlanResult[], githubVia: string): string {
  const lines: string[] = [];
  lines.push('# spec/: trimmed vendor API descriptions');
  lines.push('');
  lines.push('Generated by `scripts/extract-specs.ts`; do not edit by hand. Regenerate with:');
  lines.push('');
  lines.push('```sh');
  lines.push(REGENERATE);
  lines.push('```');
  lines.push('');
  lines.push(
    '`--shared` is the folder holding `specs/` described in its `SOURCES.md` (default `../shared`). Without ' +
      `\`--octokit-tarball\` the script runs \`npm pack ${OCTOKIT_PACKAGE}@${OCTOKIT_VERSION}\` into a temporary ` +
      'folder and extracts only `package/generated/api.github.com.json`; the tarball must match the pinned npm ' +
      'integrity. Every source file is pinned by sha256; a different file stops the script.',
  );
  lines.push('');
  lines.push('Changes applied to every file (beyond dropping operations and unreferenced components):');
  lines.push('');
  lines.push(
    '- Each output holds only the listed operations (other methods of the same path item are dropped; path-level ' +
      'parameters are kept) and, transitively, every component they `$ref`.',
  );
  lines.push(
    '- `$ref`s into other files are inlined as local components (see per-file naming rules). Component maps are ' +
      'sorted by name; everything else keeps the upstream key order. Top-level `tags`, `externalDocs` and ' +
      '`x-webhooks` are dropped.',
  );
  lines.push(
    '- `x-ms-examples` and OAS `examples` maps are dropped; a top-level `x-pnd-extract` object names the sources.',
  );
  lines.push('- Rewritten nodes carry an `x-pnd-change` string saying what changed and why.');
  lines.push('');
  for (const r of results) {
    const bytes = Buffer.byteLength(r.json);
    lines.push(`## spec/${r.plan.output} (${r.plan.vendor})`);
    lines.push('');
    lines.push(`${r.plan.title}. ${bytes.toLocaleString('en-US')} bytes.`);
    lines.push('');
    lines.push('Sources:');
    lines.push('');
    for (const f of r.files) {
      const via = f.id === 'github' ? ` Obtained via ${githubVia}.` : '';
      lines.push(`- ${SOURCES[f.id].origin}.${via}`);
      lines.push(
        `  - sha256 \`${f.sha256}\` (${f.bytes.toLocaleString('en-US')} bytes${f.hadBom ? ', UTF-8 BOM ignored' : ''})`,
      );
    }
    lines.push('');
    lines.push(`Kept operations (${r.kept.length}):`);
    lines.push('');
    for (const k of r.kept) lines.push(`- \`${k.method} ${k.path}\` — \`${k.operationId}\``);
    lines.push('');
    const counts = Object.entries(r.componentCounts)
      .map(([section, n]) => `${n} ${section}`)
      .join(', ');
    lines.push(`Components kept: ${counts}.`);
    lines.push('');
    lines.push('Changes beyond trimming:');
    lines.push('');
    if (r.changes.length === 0) lines.push('- none');
    for (const change of r.changes) lines.push(`- ${change}`);
    const notes = WIRE_NOTES[r.plan.vendor] ?? [];
    if (notes.length > 0) {
      lines.push('');
      lines.push('Notes:');
      lines.push('');
      for (const note of notes) lines.push(`- ${note}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

/* ------------------------------------------------------------------------------------------------ */
/* Main                                                                                              */
/* ------------------------------------------------------------------------------------------------ */

function main(): void {
  const { values } = parseArgs({
    options: {
      shared: { type: 'string' },
      'octokit-tarball': { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  });
  const sharedRoot = path.resolve(values.shared ?? path.join(REPO_ROOT, '..', 'shared'));
  const specsRoot = path.join(sharedRoot, 'specs');
  const outDir = path.resolve(values.out ?? path.join(REPO_ROOT, 'spec'));
  if (!existsSync(specsRoot) || !statSync(specsRoot).isDirectory()) {
    throw new Error(`${specsRoot} not found: pass --shared <folder holding specs/SOURCES.md>`);
  }
  const tarball = values['octokit-tarball'];
  const workDir = mkdtempSync(path.join(tmpdir(), 'pnd-extract-specs-'));
  try {
    const githubJson = extractOctokitJson(tarball === undefined ? undefined : path.resolve(tarball), workDir);
    const resolveSource = (id: SourceId): string =>
      id === 'github' ? githubJson : path.join(specsRoot, SOURCES[id].rel);
    const results = PLANS.map((plan) => extractPlan(plan, resolveSource, specsRoot));
    mkdirSync(outDir, { recursive: true });
    let total = 0;
    for (const r of results) {
      writeFileSync(path.join(outDir, r.plan.output), r.json);
      total += Buffer.byteLength(r.json);
      console.log(`${r.plan.output}: ${r.kept.length} operations, ${Buffer.byteLength(r.json)} bytes`);
    }
    const githubVia = `\`npm pack ${OCTOKIT_PACKAGE}@${OCTOKIT_VERSION}\` (tarball integrity checked)`;
    const md = provenance(results, githubVia);
    writeFileSync(path.join(outDir, 'PROVENANCE.md'), md);
    total += Buffer.byteLength(md);
    console.log(`total: ${total} bytes in ${outDir}`);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

main();
