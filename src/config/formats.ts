import { z } from 'zod';
import { DURATION_PATTERN } from './duration.ts';

/**
 * Building blocks for pnd.yaml fields that have a format. Each factory takes the field's
 * description (the docs are generated from it) and records, in a private registry, how to say what
 * is allowed — error messages need that sentence, the JSON Schema does not.
 */

/** Values nobody knows yet are written as PLACEHOLDER-<what>; they validate and are reported as warnings. */
export const PLACEHOLDER_PREFIX = 'PLACEHOLDER-';
const PLACEHOLDER = 'PLACEHOLDER-\\S+';

export interface AllowedMeta {
  /** Short name of the format, for the docs' type column: "id", "duration". */
  label: string;
  /** What the format accepts, as a phrase for error messages and the docs. */
  allowed: string;
}

export const allowedRegistry = z.registry<AllowedMeta>();

function withAllowed<T extends z.ZodType>(schema: T, label: string, allowed: string): T {
  allowedRegistry.add(schema, { label, allowed });
  return schema;
}

/** A regex that also accepts a placeholder, so unknown names can be written down before they are known. */
function orPlaceholder(pattern: string): RegExp {
  return new RegExp(`^(?:${PLACEHOLDER}|${pattern})$`);
}

export function slug(description: string) {
  return withAllowed(
    z
      .string()
      .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'The value is not a valid id.')
      .describe(description),
    'id',
    'lowercase letters, digits and dashes, e.g. "tt02"',
  );
}

/** A name of something outside pnd (a project, a resource group): any non-empty text, placeholders included. */
export function remoteName(description: string) {
  return withAllowed(
    z.string().min(1, 'The value is empty.').describe(description),
    'text',
    `non-empty text (or "${PLACEHOLDER_PREFIX}…" while it is unknown)`,
  );
}

export function ownerRepo(description: string) {
  return withAllowed(
    z
      .string()
      .regex(
        orPlaceholder('[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]+'),
        'The value is not a repository in owner/name form.',
      )
      .describe(description),
    'owner/name',
    'a GitHub repository as owner/name, e.g. "Altinn/altinn-authentication"',
  );
}

export function duration(description: string) {
  return withAllowed(
    z.string().regex(DURATION_PATTERN, 'The value is not a duration.').describe(description),
    'duration',
    'whole numbers with units w, d, h, m, s, largest first, e.g. "6d", "144h", "1d12h", "10m"',
  );
}

export function httpsUrl(description: string) {
  return withAllowed(
    z
      .url({ protocol: /^https$/, error: 'The value is not an https URL.' })
      .describe(description)
      .meta({ pattern: '^https://' }),
    'https URL',
    'an https:// URL, e.g. "https://api.github.com" (http is refused: tokens would travel in clear text)',
  );
}

function isIanaTimeZone(name: string): boolean {
  // Intl also accepts offsets such as "+01:00", which have no DST rules: only names are allowed.
  if (!/^[A-Za-z]/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export function timeZone(description: string) {
  return withAllowed(
    z.string().refine(isIanaTimeZone, 'The value is not a known IANA time zone.').describe(description),
    'time zone',
    'an IANA time zone name, e.g. "Europe/Oslo"',
  );
}

export function subscriptionId(description: string) {
  return withAllowed(
    z
      .string()
      .regex(
        orPlaceholder('[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'),
        'The value is not an Azure subscription id.',
      )
      .describe(description),
    'subscription id',
    `a subscription id (a UUID) or "${PLACEHOLDER_PREFIX}…"`,
  );
}

export function workflowFile(description: string) {
  return withAllowed(
    z
      .string()
      .regex(orPlaceholder('[\\w.-]+\\.ya?ml'), 'The value is not a workflow file name.')
      .describe(description),
    'workflow file',
    'a file name in .github/workflows, e.g. "deploy-after-release.yml"',
  );
}

export function hashtag(description: string) {
  return withAllowed(
    z
      .string()
      .regex(/^#[\w-]+$/, 'The value is not a hashtag.')
      .describe(description),
    'hashtag',
    '"#" followed by a word, e.g. "#authentication"',
  );
}

export function positiveInt(description: string) {
  return withAllowed(
    z.number().int().positive().describe(description),
    'positive whole number',
    'a whole number greater than 0',
  );
}

/** A real calendar date (2026-02-30 is refused), read in the team's time zone. */
function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

export function calendarDate(description: string) {
  return withAllowed(
    z.string().refine(isCalendarDate, 'The value is not a calendar date.').describe(description),
    'date',
    'a calendar date as YYYY-MM-DD, e.g. "2026-12-21" (a day in the calendar’s time zone)',
  );
}

export function countryCode(description: string) {
  return withAllowed(
    z
      .string()
      .regex(/^[A-Z]{2}$/, 'The value is not a country code.')
      .describe(description),
    'country code',
    'an ISO 3166-1 alpha-2 country code in capitals, e.g. "NO", "SE", "DE"',
  );
}

export function regionCode(description: string) {
  return withAllowed(
    z
      .string()
      .regex(/^[A-Za-z0-9]{1,6}$/, 'The value is not a region code.')
      .describe(description),
    'region code',
    'the region’s code as the holiday data names it, e.g. "BY" (Bavaria) for DE',
  );
}
