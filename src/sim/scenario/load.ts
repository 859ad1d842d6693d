import { readFile } from 'node:fs/promises';
import { parseDocument, LineCounter, isMap, isSeq, isScalar, type Node } from 'yaml';
import { PndError } from '../../core/errors.ts';
import { scenarioSchema, type Scenario } from './schema.ts';

/** Reads and validates a scenario file; every problem is reported with file:line:col. */
export async function loadScenario(file: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new PndError('input-invalid', 'The scenario file cannot be read.', {
      cause,
      details: { where: file, hint: 'Check the path given to --scenario.' },
    });
  }
  return parseScenario(text, file);
}

export function parseScenario(text: string, file = '<scenario>'): Scenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number | undefined): string => {
    const pos = lineCounter.linePos(offset ?? 0);
    return `${file}:${pos.line}:${pos.col}`;
  };
  const problems: { where: string; message: string }[] = doc.errors.map((e) => ({
    where: at(e.pos[0]),
    message: e.message.split('\n')[0] ?? e.message,
  }));
  if (problems.length === 0) {
    const result = scenarioSchema.safeParse(doc.toJS());
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      const node = nodeAt(doc.contents as Node | null, issue.path);
      problems.push({ where: at(node?.range?.[0]), message: `${issue.path.join('.') || '(root)'}: ${issue.message}` });
    }
  }
  throw new PndError('input-invalid', 'The scenario is invalid.', {
    details: {
      where: problems[0]?.where ?? file,
      problems,
      hint: 'Fix the listed lines; schema/scenario.schema.json describes every key.',
    },
  });
}

/** The deepest YAML node along a zod issue path, for its position. */
function nodeAt(root: Node | null, path: PropertyKey[]): Node | null {
  let node: Node | null = root;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
      if (!pair) return node;
      node = (pair.value as Node | null) ?? (pair.key as Node);
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as Node | undefined;
      if (!item) return node;
      node = item;
    } else {
      return node;
    }
  }
  return node;
}
