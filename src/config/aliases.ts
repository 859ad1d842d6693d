import { visit, type Document, type Node } from 'yaml';
import { linePosition, type LineIndex } from './line-index.ts';
import { formatValue, type ConfigProblem } from './problems.ts';

/**
 * Aliases the parser accepts but the estate cannot use: one that names no anchor (toJS would
 * throw) and one inside the very mapping or list it names (toJS would build a cycle, and every
 * later walk of the data would never end).
 */
export function aliasProblems(doc: Document, file: string, lines: LineIndex): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  visit(doc, {
    Alias(_key, alias, ancestors) {
      const target = alias.resolve(doc);
      const unresolved = target === undefined;
      if (!unresolved && !ancestors.includes(target as Node)) return;
      const { line, column } = linePosition(lines, alias.range?.[0] ?? 0);
      problems.push({
        where: `${file}:${line}:${column}`,
        line,
        column,
        path: '',
        message: unresolved ? 'The alias names no anchor before it.' : 'The alias is inside what it names.',
        value: formatValue(`*${alias.source}`),
        allowed: unresolved
          ? 'an alias (*name) after the anchor (&name) it refers to'
          : 'an alias outside the mapping or list its anchor is on',
      });
    },
  });
  return problems;
}
