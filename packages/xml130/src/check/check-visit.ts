import type { TableLayout } from '../layout.js';
import type { Xml130Problem } from '../problem.js';
import type { Xml130Tables, Xml130Visit } from '../read/read-file.js';
import { MAPPED_TABLES } from '../tables.js';
import { checkRowCodes } from './codes.js';
import { CheckContext, type PlacedRow, placeOf } from './context.js';
import { checkRowFields } from './fields.js';
import { checkCards, checkCccd } from './identifiers.js';
import { checkLineTotal, checkVisitTotals } from './money.js';
import { checkRowTimes, checkVisitPeriod } from './visit-dates.js';

/** Every row of the visit's mapped tables, in table order (XML1, XML2, … XML14). */
function placedRows(tables: Xml130Tables): PlacedRow[] {
  const rows: PlacedRow[] = [];
  for (const layout of MAPPED_TABLES) {
    const content = tables[layout.name as keyof Xml130Tables];
    if (content === undefined) continue;
    const list = Array.isArray(content) ? content : [content];
    list.forEach((row, i) => rows.push({ layout, index: i + 1, row }));
  }
  return rows;
}

const isTable = (at: PlacedRow, ...names: TableLayout['name'][]): boolean => names.includes(at.layout.name);

/**
 * Checks one visit as read by readXml130File against the rules of
 * 130/QĐ-BYT (rules.ts lists them): each field's type and length, code
 * sets, identifiers, then what ties the tables together — MA_LK, money and
 * times. Returns the problems found; the visit's reading problems
 * (`visit.problems`) are not repeated. Rules across tables run only for a
 * whole HOSO with its XML1: the rows of a bare table file lack the rest.
 */
export function checkXml130Visit(visit: Xml130Visit): Xml130Problem[] {
  const ctx = new CheckContext();
  const rows = placedRows(visit.tables);
  for (const at of rows) {
    checkRowFields(ctx, at);
    checkRowCodes(ctx, at);
    if (isTable(at, 'XML1', 'XML13', 'XML14')) checkCards(ctx, at);
    if (isTable(at, 'XML1')) checkCccd(ctx, at);
  }
  if (visit.maLk !== '') {
    for (const at of rows) {
      if (at.layout.name === 'XML1') continue;
      const key = at.row.MA_LK ?? '';
      if (key !== visit.maLk) ctx.report('visit.ma-lk', placeOf(at, 'MA_LK'), { expected: visit.maLk });
    }
  }
  const lines = rows.filter((at) => isTable(at, 'XML2', 'XML3'));
  for (const line of lines) checkLineTotal(ctx, line);
  const summary = rows.find((at) => at.layout.name === 'XML1');
  if (summary && visit.source === 'envelope') {
    checkVisitTotals(ctx, summary, lines);
    const period = checkVisitPeriod(ctx, summary);
    if (period) for (const at of rows) if (isTable(at, 'XML2', 'XML3', 'XML4', 'XML5')) checkRowTimes(ctx, at, period);
  }
  return ctx.problems;
}
