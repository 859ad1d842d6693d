/**
 * Label selectors as the API server parses them: equality (`a=b`, `a==b`, `a!=b`), set-based
 * (`a in (x,y)`, `a notin (x)`), existence (`a`, `!a`), joined by commas (AND).
 */
export type Requirement =
  { key: string; op: 'in' | 'notin'; values: string[] } | { key: string; op: 'exists' | 'doesnotexist' };

export function parseSelector(text: string): Requirement[] | { error: string } {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  const requirements: Requirement[] = [];
  for (const raw of parts.map((p) => p.trim()).filter(Boolean)) {
    let m: RegExpExecArray | null;
    if ((m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(raw))) {
      const values = m[3]!.split(',').map((v) => v.trim());
      requirements.push({ key: m[1]!, op: m[2] as 'in' | 'notin', values });
    } else if ((m = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/.exec(raw))) {
      requirements.push({ key: m[1]!, op: m[2] === '!=' ? 'notin' : 'in', values: [m[3]!] });
    } else if ((m = /^!\s*([\w./-]+)$/.exec(raw))) {
      requirements.push({ key: m[1]!, op: 'doesnotexist' });
    } else if ((m = /^([\w./-]+)$/.exec(raw))) {
      requirements.push({ key: m[1]!, op: 'exists' });
    } else {
      return { error: `unable to parse requirement: ${raw}` };
    }
  }
  return requirements;
}

export function matchesSelector(labels: Record<string, string>, requirements: Requirement[]): boolean {
  return requirements.every((r) => {
    const value = labels[r.key];
    switch (r.op) {
      case 'in':
        return value !== undefined && r.values.includes(value);
      case 'notin':
        return value === undefined || !r.values.includes(value);
      case 'exists':
        return value !== undefined;
      case 'doesnotexist':
        return value === undefined;
    }
  });
}
