import fc from 'fast-check';
import { K_ANONYMITY, publishCount, publishTable, type PublishedTable } from './cell-suppression';

/**
 * An attacker's view, computed here independently of the code under test:
 * the hidden entries are unknowns of the additive relations (rows and
 * columns sum to their totals, the totals to the grand total). A hidden
 * entry is recoverable exactly when its unit vector lies in the row space of
 * those relations restricted to the unknowns, i.e. when adding that unit
 * vector as a row does not raise the rank.
 */
function rank(matrix: number[][]): number {
  const m = matrix.map((row) => [...row]);
  let r = 0;
  const columns = m[0]?.length ?? 0;
  for (let c = 0; c < columns && r < m.length; c += 1) {
    let pivot = r;
    for (let i = r + 1; i < m.length; i += 1) if (Math.abs(m[i][c]) > Math.abs(m[pivot][c])) pivot = i;
    if (Math.abs(m[pivot][c]) < 1e-9) continue;
    [m[r], m[pivot]] = [m[pivot], m[r]];
    for (let i = r + 1; i < m.length; i += 1) {
      const f = m[i][c] / m[r][c];
      for (let k = c; k < columns; k += 1) m[i][k] -= f * m[r][k];
    }
    r += 1;
  }
  return r;
}

interface Entry {
  name: string;
  hidden: boolean;
}

function recoverableHiddenEntries(table: PublishedTable): string[] {
  const rows = table.rows.length;
  const columns = table.columns.length;
  const entries: Entry[] = [];
  const id = (name: string, hidden: boolean) => entries.push({ name, hidden }) - 1;
  const cell = table.cells.map((row, r) => row.map((c, j) => id(`cell ${r},${j}`, c.suppressed)));
  const rowTotal = table.rowTotals.map((t, r) => id(`row total ${r}`, t.suppressed));
  const columnTotal = table.columnTotals.map((t, c) => id(`column total ${c}`, t.suppressed));
  const total = id('total', table.total.suppressed);
  const relations: Map<number, number>[] = [];
  for (let r = 0; r < rows; r += 1)
    relations.push(new Map([...cell[r].map((e) => [e, 1] as [number, number]), [rowTotal[r], -1]]));
  for (let c = 0; c < columns; c += 1)
    relations.push(new Map([...cell.map((row) => [row[c], 1] as [number, number]), [columnTotal[c], -1]]));
  relations.push(new Map([...rowTotal.map((e) => [e, 1] as [number, number]), [total, -1]]));
  relations.push(new Map([...columnTotal.map((e) => [e, 1] as [number, number]), [total, -1]]));
  const unknowns = entries.map((e, i) => (e.hidden ? i : -1)).filter((i) => i >= 0);
  const system = relations.map((rel) => unknowns.map((u) => rel.get(u) ?? 0));
  const base = rank(system);
  return unknowns
    .filter((_, i) => rank([...system, unknowns.map((_, j) => (j === i ? 1 : 0))]) === base)
    .map((u) => entries[u].name);
}

function shownValues(table: PublishedTable): number[] {
  return [...table.cells.flat(), ...table.rowTotals, ...table.columnTotals, table.total]
    .filter((c) => !c.suppressed)
    .map((c) => c.value as number);
}

describe('publishTable', () => {
  it('given a table where one small cell could be subtracted from its totals, then a complementary cell is hidden too', () => {
    // given
    const table = {
      rows: ['Westshire', 'Southshire'],
      columns: ['sexual', 'labour', 'child'],
      cells: [
        [40, 3, 25],
        [30, 50, 60],
      ],
    };

    // when
    const published = publishTable(table);

    // then
    expect(published.cells[0][1]).toEqual({ value: null, suppressed: true, reason: 'below-k' });
    const complementary = published.cells.flat().filter((c) => c.suppressed && c.reason === 'complementary');
    expect(complementary.length).toBeGreaterThanOrEqual(1);
    expect(recoverableHiddenEntries(published)).toEqual([]);
    expect(published.total).toEqual({ value: 208, suppressed: false });
  });

  it('given no count below k, then every count is shown', () => {
    const published = publishTable({ rows: ['a'], columns: ['x', 'y'], cells: [[11, 0]] });

    expect(published.cells[0]).toEqual([
      { value: 11, suppressed: false },
      { value: 0, suppressed: false },
    ]);
    expect(published.rowTotals[0]).toEqual({ value: 11, suppressed: false });
  });

  it('given distinct-subject totals smaller than the sums, then a total below k is hidden as well', () => {
    const published = publishTable({
      rows: ['a'],
      columns: ['x', 'y'],
      cells: [[6, 6]],
      rowTotals: [8],
      columnTotals: [6, 6],
      total: 8,
    });

    expect(published.rowTotals[0].suppressed).toBe(true);
    expect(published.total.suppressed).toBe(true);
    expect(shownValues(published).filter((v) => v > 0 && v < K_ANONYMITY)).toEqual([]);
  });

  it('given a malformed table, then it says what is wrong', () => {
    expect(() => publishTable({ rows: ['a'], columns: ['x'], cells: [[1, 2]] })).toThrow(
      'a table of 1 rows and 1 columns needs cells[1][1]',
    );
    expect(() => publishTable({ rows: ['a'], columns: ['x'], cells: [[-1]] })).toThrow(
      'cells[0][0] is -1; a count is a whole number ≥ 0',
    );
  });

  const tables = fc
    .record({ rows: fc.integer({ min: 1, max: 6 }), columns: fc.integer({ min: 1, max: 5 }) })
    .chain(({ rows, columns }) =>
      fc.array(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 200 })), {
          minLength: columns,
          maxLength: columns,
        }),
        { minLength: rows, maxLength: rows },
      ),
    )
    .map((cells) => ({
      rows: cells.map((_, r) => `area ${r}`),
      columns: cells[0].map((_, c) => `type ${c}`),
      cells,
    }));

  it('given any table (property), then no shown count is from 1 to k − 1 and no hidden count can be recovered from the shown ones', () => {
    fc.assert(
      fc.property(tables, (table) => {
        const published = publishTable(table);
        const small = shownValues(published).filter((v) => v > 0 && v < K_ANONYMITY);
        if (small.length > 0) throw new Error(`shown counts below k: ${small.join(', ')}`);
        const recoverable = recoverableHiddenEntries(published);
        if (recoverable.length > 0) throw new Error(`recoverable: ${recoverable.join('; ')}`);
        // Shown counts are the true ones: suppression hides, it never changes a number.
        published.cells.forEach((row, r) =>
          row.forEach((c, j) => {
            if (!c.suppressed && c.value !== table.cells[r][j]) throw new Error(`cell ${r},${j} changed`);
          }),
        );
      }),
      { numRuns: 500 },
    );
  });
});

describe('publishCount', () => {
  it('given counts around k, then 1 to 10 are hidden and 0 and 11 are shown', () => {
    expect([0, 1, 10, 11].map((v) => publishCount(v))).toEqual([
      { value: 0, suppressed: false },
      { value: null, suppressed: true, reason: 'below-k' },
      { value: null, suppressed: true, reason: 'below-k' },
      { value: 11, suppressed: false },
    ]);
  });
});
