import moment from 'moment';

/**
 * The `date` filter of create-an-issue v2: nunjucks-date-filter 0.1.1
 * (https://github.com/piwi/nunjucks-date-filter/blob/master/index.js), transcribed so that it runs
 * on the moment pnd depends on. Its quirks are the contract:
 * - the date is read with `moment.utc`, so formats are in UTC whatever TZ says;
 * - `date('add', 7, 'days')` calls any moment method named by the first argument with the rest,
 *   and returns what it returns (a moment, which nunjucks prints as its epoch milliseconds);
 * - anything else is a `format` string (none gives ISO 8601);
 * - errors are not thrown but rendered into the output, one `String(error)` per line.
 */
// moment prints a deprecation notice with a stack trace when it falls back to Date parsing (a date
// filter on text that is not ISO 8601); the output is the same either way, and pnd's stderr is for
// its own warnings.
moment.suppressDeprecationWarnings = true;

export function dateFilter(date: unknown, format?: unknown, ...methodArgs: unknown[]): unknown {
  const errors: unknown[] = [];
  let result: unknown;
  let value: moment.Moment | undefined;
  try {
    value = moment.utc(date as moment.MomentInput);
  } catch (error) {
    errors.push(error);
  }
  if (value) {
    try {
      const member: unknown = (value as unknown as Record<string, unknown>)[format as string];
      // nunjucks' lib.isFunction is this toString test, not typeof.
      if (member && Object.prototype.toString.call(member) === '[object Function]') {
        result = (member as (...args: unknown[]) => unknown).apply(value, methodArgs);
      } else {
        result = value.format(format as string | undefined);
      }
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length > 0) return errors.join('\n');
  return result;
}
