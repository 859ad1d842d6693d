import { ALLOWED_KEYWORD, FORMAT_KEYWORD, buildJsonSchema } from './json-schema.ts';

/**
 * docs/configuration.md, generated from the JSON Schema (itself generated from the zod schema), so
 * the reference can never describe a field the loader does not know. `npm run generate` writes it;
 * a test fails when the committed file drifts.
 */

export interface JsonSchema {
  type?: string | string[];
  description?: string;
  default?: unknown;
  const?: unknown;
  enum?: unknown[];
  format?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  [FORMAT_KEYWORD]?: string;
  [ALLOWED_KEYWORD]?: string;
}

interface Row {
  field: string;
  type: string;
  required: boolean;
  default?: unknown;
  description: string;
}

interface Section {
  title: string;
  description?: string;
  rows: Row[];
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function code(value: unknown): string {
  return `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``;
}

function typeOf(schema: JsonSchema): string {
  const format = schema[FORMAT_KEYWORD];
  if (format !== undefined) return `[${format}](#value-formats)`;
  if (schema.const !== undefined) return code(JSON.stringify(schema.const));
  if (schema.enum) return schema.enum.map((option) => code(JSON.stringify(option))).join(' or ');
  if (schema.oneOf) return 'one of the kinds below';
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(' or ');
  if (Array.isArray(schema.type)) return schema.type.join(' or ');
  if (schema.type === 'array') return `list of ${schema.items ? typeOf(schema.items) : 'values'}`;
  if (schema.type === 'object') {
    if (schema.properties) return 'mapping';
    const values =
      typeof schema.additionalProperties === 'object' ? typeOf(schema.additionalProperties) : 'values';
    return `map of ${values}`;
  }
  if (schema.type === 'integer') return 'whole number';
  return schema.type ?? 'any';
}

/** Every value format met while walking the schema: label → what it allows. */
function formatsIn(schema: JsonSchema, found = new Map<string, string>()): Map<string, string> {
  const format = schema[FORMAT_KEYWORD];
  const allowed = schema[ALLOWED_KEYWORD];
  if (format !== undefined && allowed !== undefined) found.set(format, allowed);
  const children = [
    ...Object.values(schema.properties ?? {}),
    ...(schema.items ? [schema.items] : []),
    ...(typeof schema.additionalProperties === 'object' ? [schema.additionalProperties] : []),
    ...(schema.oneOf ?? []),
  ];
  for (const child of children) formatsIn(child, found);
  return found;
}

/** A placeholder for a map key in field paths: `<weekday>`, `<name>`. */
function mapKey(schema: JsonSchema): string {
  return schema.propertyNames?.enum ? '<weekday>' : '<name>';
}

/** Rows for the fields under `schema`; discriminated unions become sections of their own. */
function collect(schema: JsonSchema, path: string, rows: Row[], sections: Section[]): void {
  const required = schema.required ?? [];
  for (const [key, field] of Object.entries(schema.properties ?? {})) {
    const fieldPath = path === '' ? key : `${path}.${key}`;
    rows.push({
      field: fieldPath,
      type: typeOf(field),
      required: required.includes(key),
      default: field.default,
      description: field.description ?? '',
    });
    descend(field, fieldPath, rows, sections);
  }
}

function descend(schema: JsonSchema, path: string, rows: Row[], sections: Section[]): void {
  if (schema.oneOf) {
    for (const variant of schema.oneOf) {
      const kind = variant.properties?.kind?.const;
      const variantRows: Row[] = [];
      const nested: Section[] = [];
      collect(variant, '', variantRows, nested);
      sections.push({
        title: `${code(path)} with kind ${code(String(kind))}`,
        description: variant.description,
        rows: variantRows,
      });
      sections.push(...nested);
    }
  } else if (schema.type === 'array' && schema.items) {
    if (schema.items.properties) collect(schema.items, `${path}[]`, rows, sections);
    else descend(schema.items, `${path}[]`, rows, sections);
  } else if (schema.type === 'object' && schema.properties) {
    collect(schema, path, rows, sections);
  } else if (schema.type === 'object' && typeof schema.additionalProperties === 'object') {
    const value = schema.additionalProperties;
    const valuePath = `${path}.${mapKey(schema)}`;
    if (value.properties || value.oneOf) {
      rows.push({
        field: valuePath,
        type: typeOf(value),
        required: false,
        description: value.description ?? '',
      });
      descend(value, valuePath, rows, sections);
    }
  }
}

function table(rows: Row[]): string[] {
  return [
    '| Field | Type | Required | Default | Description |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(
      (row) =>
        `| ${cell(code(row.field))} | ${cell(row.type)} | ${row.required ? 'yes' : ''} | ${
          row.default === undefined ? '' : cell(code(row.default))
        } | ${cell(row.description)} |`,
    ),
  ];
}

const INTRO = `pnd reads the estate — team, calendar, environments, components, change feeds, patch day and
API endpoints — from \`pnd.yaml\`: the file named by \`--config\`, else by the \`PND_CONFIG\`
environment variable, else \`./pnd.yaml\`. \`examples/tilgangsinfo/pnd.yaml\` is a complete,
commented example (reproduced at the end of this page).

- \`pnd config check\` validates the file and lists every problem as \`file:line:col\`, with the
  offending value and what is allowed there. It exits with 2 when there are problems.
- \`pnd config schema\` prints the JSON Schema (also in \`schema/pnd.schema.json\`). Editors with the
  YAML language server validate and complete the file when its first line is
  \`# yaml-language-server: $schema=<path to>/schema/pnd.schema.json\`.

## Conventions

- **Unknown keys are errors.** A misspelt key would otherwise be a silently ignored setting; the
  check suggests the key you probably meant.
- **Ids** (environments, components, change feeds, the team name) are lowercase letters, digits and
  dashes. They appear in commands (\`pnd deploy staging\`) and in the weekly issue's step markers, so
  changing one later orphans the steps that used it.
- **Durations** are whole numbers with units \`w\`, \`d\`, \`h\`, \`m\`, \`s\`, largest first: \`6d\`,
  \`144h\`, \`1d12h\`, \`10m\`. A day is 24 hours.
- **Placeholders**: a value nobody has looked up yet may be written as \`PLACEHOLDER-<what>\` wherever
  a name, repository or subscription id goes. The file is valid; \`pnd config check\` lists each
  placeholder as a warning, and pnd will not act on the parts that use one.
- **URLs must be https.** Tokens travel with every request; the estate simulator serves HTTPS too.
- **\`GITHUB_API_URL\`**: when \`endpoints.github.apiUrl\` is not in the file, this environment variable
  (set by GitHub Actions, GitHub Enterprise Server and the simulator) is used, then the default.
  A URL written in the file always wins. \`PND_AZURE_DEVOPS_RELEASE_URL\`, \`PND_AZURE_DEVOPS_BUILD_URL\`,
  \`PND_AZURE_RESOURCE_MANAGER_URL\` and \`PND_KUBERNETES_SERVERS\` (\`cluster=url,…\`) do the same for the
  other endpoints (\`pnd sim --client-env\` writes them all).
- **The team's own words** come from the file, never from pnd: the weekly issue's title
  (\`team.issueTitle\`, default "Release train 2026 W48"), what a change feed deploys
  (\`changeFeeds[].name\`, default its id: "Deploy updates to <name>") and the first part of its step
  id (\`changeFeeds[].stepPrefix\`, default \`feed\`: \`feed.<id>\`). A team whose weekly issues
  already carry other step ids sets the prefix they use (the example keeps its own).`;

export interface ReferenceOptions {
  /** The page title (markdown, without `#`). */
  title: string;
  /** Where the page comes from, for the "generated" comment. */
  source: string;
  intro: string;
  exampleYaml: string;
}

/** A reference page for a YAML file format, generated from its JSON Schema (config and scenarios). */
export function renderSchemaReference(schema: JsonSchema, options: ReferenceOptions): string {
  const required = schema.required ?? [];
  const lines = [
    `# ${options.title}`,
    '',
    `<!-- Generated by \`npm run generate\` from ${options.source}; edit that file, not this one. -->`,
    '',
    options.intro,
    '',
    '## Top-level keys',
    '',
    '| Key | Required | Description |',
    '| --- | --- | --- |',
    ...Object.entries(schema.properties ?? {}).map(
      ([key, field]) =>
        `| [${code(key)}](#${key.toLowerCase()}) | ${required.includes(key) ? 'yes' : ''} | ${cell(field.description ?? '')} |`,
    ),
  ];
  for (const [key, field] of Object.entries(schema.properties ?? {})) {
    const rows: Row[] = [];
    const sections: Section[] = [];
    descend(field, key, rows, sections);
    lines.push('', `## ${key}`, '', `Type: ${typeOf(field)}${required.includes(key) ? ', required' : ''}.`);
    if (field.description) lines.push('', field.description);
    if (rows.length > 0) lines.push('', ...table(rows));
    for (const section of sections) {
      lines.push('', `### ${section.title}`);
      if (section.description) lines.push('', section.description);
      lines.push('', ...table(section.rows));
    }
  }
  const formats = formatsIn(schema);
  if (formats.size > 0) {
    lines.push('', '## Value formats', '', '| Format | Allowed |', '| --- | --- |');
    for (const [format, allowed] of formats) lines.push(`| ${format} | ${cell(allowed)} |`);
  }
  lines.push('', '## Full example', '', '```yaml', options.exampleYaml.trimEnd(), '```', '');
  return lines.join('\n');
}

export function renderConfigurationMarkdown(exampleYaml: string): string {
  return renderSchemaReference(buildJsonSchema({ withAllowed: true }) as JsonSchema, {
    title: 'Configuration: `pnd.yaml`',
    source: 'src/config/schema.ts',
    intro: INTRO,
    exampleYaml,
  });
}
