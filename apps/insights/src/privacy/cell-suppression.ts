/**
 * k-anonymity for published tables: no count of fewer than k distinct
 * subjects is ever shown as a number, and no hidden count can be worked out
 * exactly from the numbers that are shown.
 *
 * k = 11 is the threshold the IOM's Counter-Trafficking Data Collaborative
 * publishes with. Primary suppression hides every count from 1 to k − 1
 * (zero is shown: it says that nobody was counted, which identifies no one).
 * Secondary suppression then hides further cells until no hidden one is
 * determined by the shown cells and the row, column and grand totals. The
 * check treats the table as additive (a total is the sum of its cells), the
 * attacker's best case: with distinct-subject counts a total is at most that
 * sum, so what is safe under sums is safe under them too.
 */

/** The threshold below which a count of distinct subjects is never shown. */
export const K_ANONYMITY = 11;

/** A table of counts: `cells[r][c]` for row label `rows[r]` and column label `columns[c]`. */
export interface CountTable {
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  readonly cells: readonly (readonly number[])[];
  /** Row totals when they are not the sums of the cells (distinct subjects); sums by default. */
  readonly rowTotals?: readonly number[];
  readonly columnTotals?: readonly number[];
  readonly total?: number;
}

/** One published number: the count, or `null` with `suppressed: true` and why. */
export type PublishedCount =
  | { readonly value: number; readonly suppressed: false }
  | { readonly value: null; readonly suppressed: true; readonly reason: 'below-k' | 'complementary' };

export interface PublishedTable {
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  readonly k: number;
  readonly cells: readonly (readonly PublishedCount[])[];
  readonly rowTotals: readonly PublishedCount[];
  readonly columnTotals: readonly PublishedCount[];
  readonly total: PublishedCount;
}

/** Every entry of a table (cells, then row totals, column totals, grand total) as one vector. */
interface Layout {
  readonly rows: number;
  readonly columns: number;
  readonly size: number;
  cell(r: number, c: number): number;
  rowTotal(r: number): number;
  columnTotal(c: number): number;
  readonly total: number;
}

function layout(rows: number, columns: number): Layout {
  const cells = rows * columns;
  return {
    rows,
    columns,
    size: cells + rows + columns + 1,
    cell: (r, c) => r * columns + c,
    rowTotal: (r) => cells + r,
    columnTotal: (c) => cells + rows + c,
    total: cells + rows + columns,
  };
}

/**
 * The additive relations between entries, each a list of (entry, coefficient)
 * that sums to zero: every row and column sums to its total, and the row
 * totals and the column totals each sum to the grand total.
 */
function relations(l: Layout): [number, number][][] {
  const out: [number, number][][] = [];
  for (let r = 0; r < l.rows; r += 1) {
    const row: [number, number][] = [];
    for (let c = 0; c < l.columns; c += 1) row.push([l.cell(r, c), 1]);
    row.push([l.rowTotal(r), -1]);
    out.push(row);
  }
  for (let c = 0; c < l.columns; c += 1) {
    const column: [number, number][] = [];
    for (let r = 0; r < l.rows; r += 1) column.push([l.cell(r, c), 1]);
    column.push([l.columnTotal(c), -1]);
    out.push(column);
  }
  const byRows: [number, number][] = [];
  for (let r = 0; r < l.rows; r += 1) byRows.push([l.rowTotal(r), 1]);
  byRows.push([l.total, -1]);
  out.push(byRows);
  const byColumns: [number, number][] = [];
  for (let c = 0; c < l.columns; c += 1) byColumns.push([l.columnTotal(c), 1]);
  byColumns.push([l.total, -1]);
  out.push(byColumns);
  return out;
}

const EPSILON = 1e-9;

/**
 * The hidden entries that the shown ones determine exactly. Restricted to
 * the hidden entries, the relations are a linear system A·x = b; an entry is
 * determined when, in A's reduced row echelon form, it is a pivot whose row
 * has no free (non-pivot) entry: then x_i = b'_i whatever the rest.
 */
function determinedEntries(l: Layout, hidden: ReadonlySet<number>): number[] {
  const unknowns = [...hidden].sort((a, b) => a - b);
  if (unknowns.length === 0) return [];
  const column = new Map(unknowns.map((entry, i) => [entry, i]));
  const matrix: number[][] = [];
  for (const relation of relations(l)) {
    const row = new Array<number>(unknowns.length).fill(0);
    let any = false;
    for (const [entry, coefficient] of relation) {
      const at = column.get(entry);
      if (at !== undefined) {
        row[at] += coefficient;
        any = true;
      }
    }
    if (any) matrix.push(row);
  }
  const pivots: { row: number; column: number }[] = [];
  let lead = 0;
  for (let c = 0; c < unknowns.length && lead < matrix.length; c += 1) {
    let best = lead;
    for (let r = lead + 1; r < matrix.length; r += 1)
      if (Math.abs(matrix[r][c]) > Math.abs(matrix[best][c])) best = r;
    if (Math.abs(matrix[best][c]) < EPSILON) continue;
    [matrix[lead], matrix[best]] = [matrix[best], matrix[lead]];
    const scale = matrix[lead][c];
    for (let k = c; k < unknowns.length; k += 1) matrix[lead][k] /= scale;
    for (let r = 0; r < matrix.length; r += 1) {
      if (r === lead || Math.abs(matrix[r][c]) < EPSILON) continue;
      const factor = matrix[r][c];
      for (let k = c; k < unknowns.length; k += 1) matrix[r][k] -= factor * matrix[lead][k];
    }
    pivots.push({ row: lead, column: c });
    lead += 1;
  }
  const pivotColumns = new Set(pivots.map((p) => p.column));
  const determined: number[] = [];
  for (const pivot of pivots) {
    const free = matrix[pivot.row].some((v, k) => !pivotColumns.has(k) && Math.abs(v) > EPSILON);
    if (!free) determined.push(unknowns[pivot.column]);
  }
  return determined;
}

/** The relations an entry takes part in, as lists of entries. */
function linesOf(l: Layout, entry: number): number[][] {
  return relations(l)
    .map((relation) => relation.map(([e]) => e))
    .filter((line) => line.includes(entry));
}

/**
 * Publishes a table under k-anonymity: counts from 1 to k − 1 become `null`
 * (`below-k`), and further counts are hidden (`complementary`) until no
 * hidden count can be worked out from the shown ones. Among the shown
 * entries that share a row or column with a determined hidden one, the
 * smallest non-zero cell is hidden next (least information lost; a hidden
 * zero would protect little), then a zero cell, then a total.
 */
export function publishTable(table: CountTable, k: number = K_ANONYMITY): PublishedTable {
  const rows = table.rows.length;
  const columns = table.columns.length;
  if (table.cells.length !== rows || table.cells.some((row) => row.length !== columns)) {
    throw new Error(`a table of ${rows} rows and ${columns} columns needs cells[${rows}][${columns}]`);
  }
  const l = layout(rows, columns);
  const values = new Array<number>(l.size).fill(0);
  for (let r = 0; r < rows; r += 1) {
    for (let c = 0; c < columns; c += 1) {
      const value = table.cells[r][c];
      if (!Number.isInteger(value) || value < 0)
        throw new Error(`cells[${r}][${c}] is ${value}; a count is a whole number ≥ 0`);
      values[l.cell(r, c)] = value;
    }
  }
  for (let r = 0; r < rows; r += 1)
    values[l.rowTotal(r)] = table.rowTotals?.[r] ?? table.cells[r].reduce((a, b) => a + b, 0);
  for (let c = 0; c < columns; c += 1)
    values[l.columnTotal(c)] = table.columnTotals?.[c] ?? table.cells.reduce((a, row) => a + row[c], 0);
  values[l.total] = table.total ?? table.cells.flat().reduce((a, b) => a + b, 0);

  const reason = new Map<number, 'below-k' | 'complementary'>();
  values.forEach((value, entry) => {
    if (value > 0 && value < k) reason.set(entry, 'below-k');
  });
  const isCell = (entry: number) => entry < rows * columns;
  for (;;) {
    const determined = determinedEntries(l, new Set(reason.keys()));
    if (determined.length === 0) break;
    const candidates = new Set<number>();
    for (const entry of determined) {
      for (const line of linesOf(l, entry)) for (const e of line) if (!reason.has(e)) candidates.add(e);
    }
    // With nothing left to hide beside it, a determined entry's lines are all hidden already:
    // hiding any shown entry sharing no line cannot help, so the table is hidden whole.
    const next = [...candidates].sort(
      (a, b) =>
        Number(!isCell(a)) - Number(!isCell(b)) ||
        Number(values[a] === 0) - Number(values[b] === 0) ||
        values[a] - values[b] ||
        a - b,
    )[0];
    if (next === undefined) {
      for (let e = 0; e < l.size; e += 1) if (!reason.has(e)) reason.set(e, 'complementary');
      break;
    }
    reason.set(next, 'complementary');
  }

  const publish = (entry: number): PublishedCount => {
    const why = reason.get(entry);
    return why === undefined
      ? { value: values[entry], suppressed: false }
      : { value: null, suppressed: true, reason: why };
  };
  return {
    rows: [...table.rows],
    columns: [...table.columns],
    k,
    cells: table.rows.map((_, r) => table.columns.map((__, c) => publish(l.cell(r, c)))),
    rowTotals: table.rows.map((_, r) => publish(l.rowTotal(r))),
    columnTotals: table.columns.map((_, c) => publish(l.columnTotal(c))),
    total: publish(l.total),
  };
}

/** A published series (no totals to subtract from): each count from 1 to k − 1 is hidden. */
export function publishCount(value: number, k: number = K_ANONYMITY): PublishedCount {
  if (!Number.isInteger(value) || value < 0) throw new Error(`${value} is not a count`);
  return value > 0 && value < k
    ? { value: null, suppressed: true, reason: 'below-k' }
    : { value, suppressed: false };
}
