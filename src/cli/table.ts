export interface TableFit {
  /** The width to fit (a terminal's columns); none = as wide as the cells (pipes, files). */
  width?: number;
  /**
   * Columns that may be cut to fit, least important first. Each is cut (ending in "…", its header
   * too) down to MIN_CUT characters before the next is touched; columns not listed are
   * never cut, so a table may stay wider than `width` when those alone do not fit.
   */
  shrink?: number[];
}

const GAP = 2;
const MIN_CUT = 6;

/** A plain-text table: columns padded to their widest cell; no colour, so it pipes cleanly. */
export function renderTable(header: string[], rows: string[][], fit: TableFit = {}): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  if (fit.width !== undefined) narrow(widths, fit.width, fit.shrink ?? []);
  const cut = (cell: string, i: number) =>
    cell.length <= widths[i]! ? cell : `${cell.slice(0, Math.max(0, widths[i]! - 1))}…`;
  const line = (cells: string[]) =>
    cells
      .map((c, i) => cut(c, i))
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join(' '.repeat(GAP))
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function narrow(widths: number[], width: number, shrink: number[]): void {
  const total = () => widths.reduce((a, b) => a + b, 0) + GAP * (widths.length - 1);
  for (const i of shrink) {
    const excess = total() - width;
    if (excess <= 0) return;
    const floor = MIN_CUT;
    const current = widths[i] ?? 0;
    if (current > floor) widths[i] = Math.max(floor, current - excess);
  }
}
