import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderTable } from './table.ts';

const cell = fc.string({ minLength: 0, maxLength: 40 }).map((s) => s.replace(/[\n\r\t]/g, ' '));

describe('renderTable fits a width', () => {
  it('without a width, every cell is whole', () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 4, maxLength: 4 }), { maxLength: 6 }), (rows) => {
        const text = renderTable(['a', 'b', 'c', 'd'], rows);
        for (const row of rows) for (const c of row) expect(text).toContain(c.trimEnd());
      }),
    );
  });

  it('cuts only the shrinkable columns, and fits whenever the others and the cut floors fit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 20, max: 120 }),
        (rows, width) => {
          const header = ['name', 'env', 'running', 'notes'];
          const text = renderTable(header, rows, { width, shrink: [3, 2] });
          const lines = text.split('\n');
          const whole = (i: number) => Math.max(header[i]!.length, ...rows.map((r) => r[i]!.length));
          const least = whole(0) + whole(1) + Math.min(whole(2), 6) + Math.min(whole(3), 6) + 3 * 2;
          const longest = Math.max(...lines.map((l) => l.length));
          if (least <= width) expect(longest).toBeLessThanOrEqual(width);
          // The columns that may not be cut are whole.
          for (const row of rows) expect(text).toContain(row[0]!.trimEnd());
        },
      ),
    );
  });
});
