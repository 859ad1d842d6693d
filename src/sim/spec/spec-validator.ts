import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import formats from 'ajv-formats';
import { convertSchema, isJsonObject } from './schema-convert.ts';
import type { ConvertOptions, Direction, JsonObject } from './schema-convert.ts';
import { withoutKnownDeviations } from './known-deviations.ts';
import { problemsFromAjv, show } from './problems.ts';
import type { SpecProblem } from './problems.ts';

export type { SpecProblem } from './problems.ts';

export type Vendor =
  | 'github'
  | 'azure-devops-release'
  | 'azure-devops-build'
  | 'arm-container-apps'
  | 'arm-web-apps'
  | 'kubernetes';

export const VENDORS: readonly Vendor[] = [
  'github',
  'azure-devops-release',
  'azure-devops-build',
  'arm-container-apps',
  'arm-web-apps',
  'kubernetes',
];

export interface OperationMatch {
  vendor: Vendor;
  operationId: string;
  /** The path template as the vendor's description writes it (ADO's `x-ms-paths` `?` suffix removed). */
  pathTemplate: string;
  /** Path parameters, percent-decoded. */
  params: Record<string, string>;
}

export interface OperationInfo {
  operationId: string;
  /** Upper case, e.g. `GET`. */
  method: string;
  pathTemplate: string;
}

export interface RequestToValidate {
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body; `undefined` when the request has none. */
  body: unknown;
}

export interface ResponseToValidate {
  status: number;
  headers: Record<string, string | number | string[] | undefined>;
  /** The JSON body about to be sent; `undefined` (or `''`) when there is none. */
  body: unknown;
}

export interface SpecValidator {
  /** `path` is relative to the vendor's base URL (ADO: starts with `/{organization}/{project}`). */
  match(vendor: Vendor, method: string, path: string): OperationMatch | undefined;
  validateRequest(match: OperationMatch, req: RequestToValidate): SpecProblem[];
  validateResponse(match: OperationMatch, res: ResponseToValidate): SpecProblem[];
  /** Every operation the trimmed description of `vendor` holds. */
  operations(vendor: Vendor): OperationInfo[];
}

const DEFAULT_SPEC_DIR = fileURLToPath(new URL('../../../spec/', import.meta.url));

/**
 * Loads the trimmed descriptions under `specDir` (default: the repository's spec/) on first use of
 * each vendor. Schemas are converted and compiled per operation on first use and cached, because
 * the simulator validates every request and response: the first use of a vendor costs ~0.1 s (load
 * and convert), each new operation/status a few ms to compile, and a cached validation of a 30-issue
 * GitHub page ~70-80 µs.
 */
export function loadSpecValidator(specDir: string = DEFAULT_SPEC_DIR): SpecValidator {
  const vendors = new Map<Vendor, VendorSpec>();
  const get = (vendor: Vendor): VendorSpec => {
    let spec = vendors.get(vendor);
    if (spec === undefined) {
      spec = new VendorSpec(vendor, path.join(specDir, `${vendor}.json`));
      vendors.set(vendor, spec);
    }
    return spec;
  };
  return {
    match: (vendor, method, p) => get(vendor).match(method, p),
    validateRequest: (match, req) => get(match.vendor).operation(match).validateRequest(match, req),
    validateResponse: (match, res) => get(match.vendor).operation(match).validateResponse(res),
    operations: (vendor) =>
      get(vendor).operations.map((op) => ({
        operationId: op.operationId,
        method: op.method.toUpperCase(),
        pathTemplate: op.pathTemplate,
      })),
  };
}

/* ------------------------------------------------------------------------------------------------ */

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Formats Ajv does not know but the descriptions use, with the meaning the vendor documents. */
const EXTRA_FORMATS: Record<string, RegExp | true> = {
  // Azure DevOps: comma-separated lists in a string query parameter (`releaseIdsFilter=1,2,3`).
  'array (int32)': /^-?\d+(,-?\d+)*$/,
};

/**
 * `uri`, checked for RFC 3986 characters only. ajv-formats' full `uri` regex costs ~0.2 µs per
 * value and a 30-issue page holds ~900 uris, so it alone took 0.19 ms of a 0.2 ms validation; its
 * fast one accepts any non-space character. This one is linear and still catches what real drift looks like: raw `[]`
 * (bot logins must be percent-encoded), spaces, quotes, unescaped `{}` templates, bad `%` escapes.
 */
const URI_CHARS = /^[A-Za-z][A-Za-z0-9+.-]*:(?:\/\/\[[0-9A-Fa-f:.]+\])?[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]*$/;
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;
function isUri(value: string): boolean {
  return URI_CHARS.test(value) && !(value.includes('%') && BAD_PERCENT.test(value));
}

type Dialect = 'oas3' | 'swagger2';

class VendorSpec {
  readonly operations: Operation[];
  readonly dialect: Dialect;
  readonly doc: JsonObject;
  readonly ajv: Ajv;
  /** ADO routes are case-insensitive and the service itself links to `_apis/Release/...`. */
  private readonly caseInsensitive: boolean;
  private readonly byId = new Map<string, Operation>();
  private readonly roots = new Set<Direction>();
  private readonly knownFormats = new Set<string>();
  private readonly pendingFormats = new Set<string>();
  readonly vendor: Vendor;

  constructor(vendor: Vendor, file: string) {
    this.vendor = vendor;
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (!isJsonObject(parsed)) throw new Error(`${file}: not a JSON object`);
    this.doc = parsed;
    this.dialect = typeof parsed['openapi'] === 'string' ? 'oas3' : 'swagger2';
    this.caseInsensitive = vendor.startsWith('azure-devops');
    this.ajv = new Ajv({
      strict: false,
      allErrors: true,
      // The descriptions are not JSON Schema meta-schema clean (OpenAPI keywords, odd formats);
      // converting them is our job, not Ajv's.
      validateSchema: false,
      // Vendor `pattern`s are written for non-unicode engines (ECMA-262 without the `u` flag).
      unicodeRegExp: false,
      // Every `$ref` compiles to a function of its own instead of being inlined into each user:
      // GitHub's shared components (simple-user, label, ...) then exist once, and the validators
      // stay small enough for V8 to optimise cheaply. Inlined, warming up the issue validators
      // made V8's compilers hold ~22 MB of malloc'd memory at once (the process kept most of it
      // resident); not inlined, ~11 MB, at the same validation speed.
      inlineRefs: false,
    });
    // Fast mode: regex-only checks (dates are still shape- and range-checked, not calendar-checked);
    // the full mode made formats 95% of the cost of validating a GitHub issue page.
    formats.default(this.ajv, { mode: 'fast' });
    this.ajv.addFormat('uri', { type: 'string', validate: isUri });
    this.operations = [];
    for (const section of ['paths', 'x-ms-paths']) {
      const paths = this.doc[section];
      if (!isJsonObject(paths)) continue;
      for (const [key, item] of Object.entries(paths)) {
        if (!isJsonObject(item)) continue;
        for (const method of HTTP_METHODS) {
          const op = item[method];
          if (!isJsonObject(op)) continue;
          const operation = new Operation(this, method, key, item, op);
          this.operations.push(operation);
          this.byId.set(operation.operationId, operation);
        }
      }
    }
    // Most literal segments first: `/issues/comments/{id}` must win over `/issues/{number}/...`.
    this.operations.sort((a, b) => b.literalCount - a.literalCount);
  }

  match(method: string, rawPath: string): OperationMatch | undefined {
    const m = method.toLowerCase();
    const query = rawPath.indexOf('?');
    const p = query >= 0 ? rawPath.slice(0, query) : rawPath;
    for (const op of this.operations) {
      if (op.method !== m) continue;
      const params = op.matchPath(p, this.caseInsensitive);
      if (params !== undefined) {
        return { vendor: this.vendor, operationId: op.operationId, pathTemplate: op.pathTemplate, params };
      }
    }
    return undefined;
  }

  operation(match: OperationMatch): Operation {
    const op = this.byId.get(match.operationId);
    if (op === undefined) throw new Error(`${this.vendor}: unknown operation ${match.operationId}`);
    return op;
  }

  /** Resolves a local `#/...` pointer (parameters, responses, request bodies, headers). */
  resolve(node: unknown): unknown {
    let current = node;
    for (let depth = 0; isJsonObject(current) && typeof current['$ref'] === 'string'; depth++) {
      if (depth > 10) throw new Error(`${this.vendor}: $ref loop at ${current['$ref']}`);
      const ref = current['$ref'];
      if (!ref.startsWith('#/')) throw new Error(`${this.vendor}: non-local $ref ${ref}`);
      let target: unknown = this.doc;
      for (const token of ref.slice(2).split('/')) {
        const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
        target = isJsonObject(target) ? target[key] : undefined;
      }
      if (target === undefined) throw new Error(`${this.vendor}: unresolvable $ref ${ref}`);
      current = target;
    }
    return current;
  }

  /**
   * Compiles a spec schema for one direction. All component schemas of a direction live in one
   * root registered with Ajv under `pnd-spec:<vendor>/<direction>`, so shared components (e.g.
   * `simple-user`) compile once per direction however many operations reference them.
   */
  compile(schema: unknown, direction: Direction): ValidateFunction {
    this.ensureRoot(direction);
    const converted = convertSchema(schema, this.convertOptions(direction));
    this.registerFormats();
    return this.ajv.compile(isJsonObject(converted) ? converted : {});
  }

  private ensureRoot(direction: Direction): void {
    if (this.roots.has(direction)) return;
    const source =
      this.dialect === 'oas3'
        ? isJsonObject(this.doc['components'])
          ? this.doc['components']['schemas']
          : undefined
        : this.doc['definitions'];
    const definitions: JsonObject = {};
    if (isJsonObject(source)) {
      const options = this.convertOptions(direction);
      for (const [name, schema] of Object.entries(source)) definitions[name] = convertSchema(schema, options);
    }
    this.registerFormats();
    this.ajv.addSchema({ $id: this.rootId(direction), definitions });
    this.roots.add(direction);
  }

  private rootId(direction: Direction): string {
    return `pnd-spec:${this.vendor}/${direction}`;
  }

  private convertOptions(direction: Direction): ConvertOptions {
    const prefix = this.dialect === 'oas3' ? '#/components/schemas/' : '#/definitions/';
    return {
      direction,
      mapRef: (ref) => {
        if (!ref.startsWith(prefix)) throw new Error(`${this.vendor}: schema $ref outside ${prefix}: ${ref}`);
        return `${this.rootId(direction)}#/definitions/${ref.slice(prefix.length)}`;
      },
      onFormat: (format) => {
        if (!this.knownFormats.has(format)) this.pendingFormats.add(format);
      },
    };
  }

  /** Unknown formats (`timestamp`, `arm-id`, `int-or-string`, ...) must not fail compilation. */
  private registerFormats(): void {
    for (const format of this.pendingFormats) {
      if (this.ajv.formats[format] === undefined) this.ajv.addFormat(format, EXTRA_FORMATS[format] ?? true);
      this.knownFormats.add(format);
    }
    this.pendingFormats.clear();
  }
}

/* ------------------------------------------------------------------------------------------------ */

interface Param {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  /** The parameter's schema in the spec's own dialect (Swagger params become a schema here). */
  schema: JsonObject;
  /** How an array travels: `multi` = repeated parameter, otherwise the separator. */
  arrayStyle: 'multi' | ',' | ' ' | '\t' | '|';
}

interface ParamValidator {
  params: Param[];
  validate: ValidateFunction;
}

interface BodyPlan {
  required: boolean;
  /** Media types the operation declares for the body. */
  mediaTypes: string[];
  validate: ValidateFunction | undefined;
}

interface ResponsePlan {
  status: string;
  mediaTypes: string[];
  validate: ValidateFunction | undefined;
  headers: ParamValidator | undefined;
}

const SWAGGER_SCHEMA_KEYS = [
  'type',
  'format',
  'items',
  'enum',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'multipleOf',
  'x-nullable',
];

class Operation {
  readonly operationId: string;
  readonly pathTemplate: string;
  readonly literalCount: number;
  private readonly regex: RegExp;
  private readonly regexInsensitive: RegExp;
  private readonly paramNames: string[];
  private params: Param[] | undefined;
  private pathValidator: ParamValidator | undefined;
  private queryValidator: ParamValidator | undefined;
  private headerValidator: ParamValidator | undefined;
  private bodyPlan: BodyPlan | undefined;
  private readonly responsePlans = new Map<string, ResponsePlan | null>();
  private readonly spec: VendorSpec;
  readonly method: string;
  private readonly item: JsonObject;
  private readonly op: JsonObject;

  constructor(spec: VendorSpec, method: string, key: string, item: JsonObject, op: JsonObject) {
    this.spec = spec;
    this.method = method;
    this.item = item;
    this.op = op;
    const id = op['operationId'];
    this.operationId = typeof id === 'string' ? id : `${method.toUpperCase()} ${key}`;
    // ADO `x-ms-paths` keys end in `?...` only to stay unique; the URL path is what precedes it.
    this.pathTemplate = key.split('?')[0] ?? key;
    this.paramNames = [];
    let literals = 0;
    const pattern = this.pathTemplate
      .split('/')
      .map((segment) => {
        if (!segment.includes('{')) literals++;
        return segment.replace(/\{([^}]+)\}|([^{]+)/g, (_m, name: string | undefined, literal: string | undefined) => {
          if (name !== undefined) {
            this.paramNames.push(name);
            return '([^/]+)';
          }
          return (literal ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        });
      })
      .join('/');
    this.literalCount = literals;
    this.regex = new RegExp(`^${pattern}$`);
    this.regexInsensitive = new RegExp(`^${pattern}$`, 'i');
  }

  matchPath(p: string, caseInsensitive: boolean): Record<string, string> | undefined {
    const m = (caseInsensitive ? this.regexInsensitive : this.regex).exec(p);
    if (m === null) return undefined;
    const params: Record<string, string> = {};
    this.paramNames.forEach((name, i) => {
      const raw = m[i + 1] ?? '';
      try {
        params[name] = decodeURIComponent(raw);
      } catch {
        params[name] = raw;
      }
    });
    return params;
  }

  validateRequest(match: OperationMatch, req: RequestToValidate): SpecProblem[] {
    const problems: SpecProblem[] = [];
    const params = this.parameters();

    this.pathValidator ??= this.paramValidator(params.filter((p) => p.in === 'path'));
    problems.push(...this.checkParams(this.pathValidator, 'path parameter', (name) => single(match.params[name])));

    this.queryValidator ??= this.paramValidator(params.filter((p) => p.in === 'query'));
    const declared = new Set(this.queryValidator.params.map((p) => p.name));
    // ARM's `x-ms-pageable` operations page through a `nextLink` the service builds itself; by
    // convention (ARM RPC) it carries an opaque `$skiptoken` the operation does not declare.
    if (this.op['x-ms-pageable'] !== undefined) declared.add('$skiptoken').add('$skipToken');
    for (const name of new Set(req.query.keys())) {
      // Real services ignore unknown parameters; a client sending one is relying on a filter
      // that does not exist (e.g. `author=` on GitHub's pulls list), which is exactly the drift
      // the simulator must surface.
      if (!declared.has(name)) problems.push({ where: `query parameter ${name}`, message: 'is not declared by the operation' });
    }
    for (const p of this.queryValidator.params) {
      if (primaryType(p.schema) !== 'array' && req.query.getAll(p.name).length > 1) {
        problems.push({ where: `query parameter ${p.name}`, message: 'is given more than once' });
      }
    }
    problems.push(...this.checkParams(this.queryValidator, 'query parameter', (name) => req.query.getAll(name)));

    this.headerValidator ??= this.paramValidator(params.filter((p) => p.in === 'header'));
    problems.push(
      ...this.checkParams(this.headerValidator, 'request header', (name) => headerValues(req.headers, name)),
    );

    this.bodyPlan ??= this.requestBodyPlan();
    const plan = this.bodyPlan;
    if (req.body === undefined) {
      if (plan.required) problems.push({ where: 'request body', message: 'is required but missing' });
    } else if (plan.mediaTypes.length === 0) {
      problems.push({ where: 'request body', message: `the operation takes no body; got ${show(req.body)}` });
    } else {
      const contentType = single(headerValues(req.headers, 'content-type'));
      if (contentType !== undefined && !mediaTypeAllowed(contentType, plan.mediaTypes)) {
        problems.push({
          where: 'request header content-type',
          message: `must be one of ${plan.mediaTypes.join(', ')}; got ${JSON.stringify(contentType)}`,
        });
      }
      if (plan.validate !== undefined && !plan.validate(req.body)) {
        const errors = withoutKnownDeviations(this.spec.vendor, 'request', errorsOf(plan.validate), req.body);
        problems.push(...problemsFromAjv(errors, 'request body', req.body));
      }
    }
    return problems;
  }

  validateResponse(res: ResponseToValidate): SpecProblem[] {
    const status = String(res.status);
    let plan = this.responsePlans.get(status);
    if (plan === undefined) {
      plan = this.responsePlan(status);
      this.responsePlans.set(status, plan);
    }
    if (plan === null) {
      return [{ where: 'response status', message: `${status} is not declared (declared: ${this.declaredStatuses()})` }];
    }
    const problems: SpecProblem[] = [];
    if (plan.headers !== undefined) {
      problems.push(...this.checkParams(plan.headers, 'response header', (name) => headerValues(res.headers, name)));
    }
    const empty = res.body === undefined || res.body === '';
    if (plan.mediaTypes.length === 0) {
      if (!empty) {
        problems.push({ where: 'response body', message: `status ${status} declares no body; got ${show(res.body)}` });
      }
      return problems;
    }
    const contentType = single(headerValues(res.headers, 'content-type'));
    if (contentType !== undefined && !mediaTypeAllowed(contentType, plan.mediaTypes)) {
      problems.push({
        where: 'response header content-type',
        message: `must be one of ${plan.mediaTypes.join(', ')}; got ${JSON.stringify(contentType)}`,
      });
    }
    if (plan.validate !== undefined) {
      if (empty) problems.push({ where: 'response body', message: `status ${status} declares a JSON body; got none` });
      else if (!plan.validate(res.body)) {
        const errors = withoutKnownDeviations(this.spec.vendor, 'response', errorsOf(plan.validate), res.body);
        problems.push(...problemsFromAjv(errors, 'response body', res.body));
      }
    }
    return problems;
  }

  /* -------------------------------------------------------------------------------------------- */

  private parameters(): Param[] {
    if (this.params !== undefined) return this.params;
    const byKey = new Map<string, Param>();
    // Operation-level parameters override path-item-level ones with the same name and location.
    for (const list of [this.item['parameters'], this.op['parameters']]) {
      if (!Array.isArray(list)) continue;
      for (const raw of list) {
        const p = this.spec.resolve(raw);
        if (!isJsonObject(p)) continue;
        const where = p['in'];
        const name = p['name'];
        if (typeof name !== 'string' || (where !== 'path' && where !== 'query' && where !== 'header')) continue;
        byKey.set(`${where}:${name}`, this.toParam(name, where, p));
      }
    }
    this.params = [...byKey.values()];
    return this.params;
  }

  private toParam(name: string, where: Param['in'], p: JsonObject): Param {
    let schema: JsonObject;
    let arrayStyle: Param['arrayStyle'];
    if (this.spec.dialect === 'oas3') {
      const s = this.spec.resolve(p['schema']);
      schema = isJsonObject(s) ? s : {};
      const style = p['style'];
      const explode = p['explode'] ?? (style === undefined || style === 'form');
      arrayStyle =
        where === 'query' && explode === true
          ? 'multi'
          : style === 'spaceDelimited'
            ? ' '
            : style === 'pipeDelimited'
              ? '|'
              : ',';
    } else {
      schema = {};
      for (const key of SWAGGER_SCHEMA_KEYS) if (p[key] !== undefined) schema[key] = p[key];
      const format = p['collectionFormat'];
      arrayStyle =
        format === 'multi' ? 'multi' : format === 'ssv' ? ' ' : format === 'tsv' ? '\t' : format === 'pipes' ? '|' : ',';
    }
    // Header names are case-insensitive; the lookup below uses lower case.
    return { name: where === 'header' ? name.toLowerCase() : name, in: where, required: p['required'] === true, schema, arrayStyle };
  }

  private paramValidator(params: Param[]): ParamValidator {
    const properties: JsonObject = {};
    for (const p of params) properties[p.name] = p.schema;
    const required = params.filter((p) => p.required).map((p) => p.name);
    const validate = this.spec.compile({ type: 'object', properties, ...(required.length > 0 ? { required } : {}) }, 'request');
    return { params, validate };
  }

  private checkParams(
    validator: ParamValidator,
    base: string,
    valuesOf: (name: string) => string[] | string | undefined,
  ): SpecProblem[] {
    if (validator.params.length === 0) return [];
    const data: JsonObject = {};
    for (const p of validator.params) {
      const raw = valuesOf(p.name);
      const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
      if (values.length === 0) continue;
      data[p.name] = coerceParam(p, values);
    }
    return validator.validate(data) ? [] : problemsFromAjv(errorsOf(validator.validate), base, data, true);
  }

  private requestBodyPlan(): BodyPlan {
    if (this.spec.dialect === 'oas3') {
      const body = this.spec.resolve(this.op['requestBody']);
      if (!isJsonObject(body)) return { required: false, mediaTypes: [], validate: undefined };
      const content = isJsonObject(body['content']) ? body['content'] : {};
      const schema = jsonSchemaOf(content);
      return {
        required: body['required'] === true,
        mediaTypes: Object.keys(content),
        validate: schema === undefined ? undefined : this.spec.compile(schema, 'request'),
      };
    }
    const params = Array.isArray(this.op['parameters']) ? this.op['parameters'] : [];
    const body = params.map((p) => this.spec.resolve(p)).find((p) => isJsonObject(p) && p['in'] === 'body');
    if (!isJsonObject(body)) return { required: false, mediaTypes: [], validate: undefined };
    return {
      required: body['required'] === true,
      mediaTypes: this.swaggerMediaTypes('consumes'),
      validate: this.spec.compile(body['schema'], 'request'),
    };
  }

  private responsePlan(status: string): ResponsePlan | null {
    const responses = isJsonObject(this.op['responses']) ? this.op['responses'] : {};
    const key = [status, `${status[0] ?? ''}XX`, 'default'].find((k) => responses[k] !== undefined);
    if (key === undefined) return null;
    const response = this.spec.resolve(responses[key]);
    if (!isJsonObject(response)) return null;
    const headers = this.responseHeaders(response);
    if (this.spec.dialect === 'oas3') {
      const content = isJsonObject(response['content']) ? response['content'] : {};
      const schema = jsonSchemaOf(content);
      return {
        status: key,
        mediaTypes: Object.keys(content),
        validate: schema === undefined ? undefined : this.spec.compile(schema, 'response'),
        headers,
      };
    }
    let schema = response['schema'];
    if (schema === undefined && response['x-ms-error-response'] === true && key !== 'default') {
      // ARM convention: an error status declared without a schema carries the `default` error body.
      const fallback = this.spec.resolve(responses['default']);
      if (isJsonObject(fallback)) schema = fallback['schema'];
    }
    if (schema === undefined) return { status: key, mediaTypes: [], validate: undefined, headers };
    return {
      status: key,
      mediaTypes: this.swaggerMediaTypes('produces'),
      validate: this.spec.compile(schema, 'response'),
      headers,
    };
  }

  private responseHeaders(response: JsonObject): ParamValidator | undefined {
    const declared = response['headers'];
    if (!isJsonObject(declared)) return undefined;
    const params: Param[] = [];
    for (const [name, raw] of Object.entries(declared)) {
      const header = this.spec.resolve(raw);
      if (!isJsonObject(header) || name.toLowerCase() === 'content-type') continue;
      let schema: JsonObject = {};
      if (this.spec.dialect === 'oas3') {
        const s = this.spec.resolve(header['schema']);
        if (isJsonObject(s)) schema = s;
      } else {
        for (const key of SWAGGER_SCHEMA_KEYS) if (header[key] !== undefined) schema[key] = header[key];
      }
      params.push({ name: name.toLowerCase(), in: 'header', required: header['required'] === true, schema, arrayStyle: ',' });
    }
    if (params.length === 0) return undefined;
    const properties: JsonObject = {};
    for (const p of params) properties[p.name] = p.schema;
    const required = params.filter((p) => p.required).map((p) => p.name);
    const validate = this.spec.compile(
      { type: 'object', properties, ...(required.length > 0 ? { required } : {}) },
      'response',
    );
    return { params, validate };
  }

  private swaggerMediaTypes(key: 'consumes' | 'produces'): string[] {
    const own = this.op[key];
    const global = this.spec.doc[key];
    const list = Array.isArray(own) ? own : Array.isArray(global) ? global : ['application/json'];
    return list.filter((v): v is string => typeof v === 'string');
  }

  private declaredStatuses(): string {
    const responses = this.op['responses'];
    return isJsonObject(responses) ? Object.keys(responses).join(', ') : 'none';
  }
}

/* ------------------------------------------------------------------------------------------------ */

/** The schema of the JSON media type (GitHub also uses `application/scim+json` and the like). */
function jsonSchemaOf(content: JsonObject): unknown {
  const json = content['application/json'] ?? Object.entries(content).find(([type]) => /[/+]json\b/.test(type))?.[1];
  return isJsonObject(json) ? json['schema'] : undefined;
}

function mediaTypeAllowed(contentType: string, declared: string[]): boolean {
  const actual = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return declared.some((d) => {
    const type = (d.split(';')[0] ?? '').trim().toLowerCase();
    return type === actual || type === '*/*' || (type.endsWith('/*') && actual.startsWith(type.slice(0, -1)));
  });
}

function headerValues(
  headers: Record<string, string | number | string[] | undefined>,
  name: string,
): string[] | undefined {
  let value = headers[name];
  if (value === undefined) {
    const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
    value = key === undefined ? undefined : headers[key];
  }
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : [String(value)];
}

function single(value: string[] | string | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function errorsOf(validate: ValidateFunction): ErrorObject[] {
  return validate.errors ?? [];
}

/** Query/path/header values are strings on the wire; the spec types them. */
function coerceParam(p: Param, values: string[]): unknown {
  const type = primaryType(p.schema);
  if (type === 'array') {
    const items = isJsonObject(p.schema['items']) ? p.schema['items'] : {};
    const parts = p.arrayStyle === 'multi' ? values : (values[0] ?? '').split(p.arrayStyle);
    return parts.map((v) => coerceScalar(primaryType(items), v));
  }
  return coerceScalar(type, values[values.length - 1] ?? '');
}

function primaryType(schema: JsonObject): string | undefined {
  const type = schema['type'];
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((t): t is string => typeof t === 'string' && t !== 'null');
  return undefined;
}

function coerceScalar(type: string | undefined, raw: string): unknown {
  switch (type) {
    case 'integer':
      return /^-?\d+$/.test(raw) ? Number(raw) : raw;
    case 'number':
      return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : raw;
    default:
      return raw;
  }
}
