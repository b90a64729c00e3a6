import type { TableLayout } from '../layout.js';
import type { Xml130Problem } from '../problem.js';
import type { Xml130Tables, Xml130Visit } from '../read/read-file.js';
import { MAPPED_TABLES } from '../tables.js';
import { checkRowCodes } from './codes.js';
import { CheckContext, type PlacedRow, placeOf } from './context.js';
import { checkRowFields } from './fields.js';
import { checkCards, checkCccd } from './identifiers.js';
import { checkLineMoney, checkVisitTotals } from './money.js';
import { checkRowTimes, checkVisitPeriod } from './visit-dates.js';
import { MAX_YEAR, MIN_YEAR } from './dates.js';

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

/** Tables that hold one row per visit: the writer and the FHIR mapping take a single referral paper or appointment. */
const SINGLE_ROW: readonly TableLayout['name'][] = ['XML13', 'XML14'];

/**
 * STT numbers the rows of a table, so two rows with the same STT are one
 * too many (an importer keys rows by it); and XML13 and XML14 hold one row.
 */
function checkRowNumbers(ctx: CheckContext, rows: readonly PlacedRow[]): void {
  const seen = new Map<string, number>();
  for (const at of rows) {
    if (SINGLE_ROW.includes(at.layout.name) && at.index === 2) {
      const count = rows.filter((r) => r.layout === at.layout).length;
      ctx.report('visit.single-row', { table: at.layout.name, row: 2 }, { count });
    }
    if (!at.layout.row || !at.layout.spec.STT) continue;
    const stt = ctx.usable(at, 'STT');
    if (stt === undefined) continue;
    const key = `${at.layout.name}#${BigInt(stt)}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, at.index);
    else ctx.report('field.duplicate-stt', placeOf(at, 'STT'), { first });
  }
}

/** THANG_QT and NAM_QT, the month and year the visit is settled in. */
function checkSettlementPeriod(ctx: CheckContext, summary: PlacedRow): void {
  const month = ctx.usable(summary, 'THANG_QT');
  if (month !== undefined && !(Number(month) >= 1 && Number(month) <= 12)) {
    ctx.report('field.settlement-period', placeOf(summary, 'THANG_QT'));
  }
  const year = ctx.usable(summary, 'NAM_QT');
  if (year !== undefined && !(year.length === 4 && Number(year) >= MIN_YEAR && Number(year) <= MAX_YEAR)) {
    ctx.report('field.settlement-period', placeOf(summary, 'NAM_QT'));
  }
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
      if (key === '') ctx.report('field.required', placeOf(at, 'MA_LK'));
      else if (key !== visit.maLk) ctx.report('visit.ma-lk', placeOf(at, 'MA_LK'), { expected: visit.maLk });
    }
  }
  checkRowNumbers(ctx, rows);
  const summary = rows.find((at) => at.layout.name === 'XML1');
  if (summary) checkSettlementPeriod(ctx, summary);
  const lines = rows.filter((at) => isTable(at, 'XML2', 'XML3'));
  for (const line of lines) checkLineMoney(ctx, line);
  if (summary && visit.source === 'envelope') {
    checkVisitTotals(ctx, summary, lines, visit.unreadTables);
    const period = checkVisitPeriod(ctx, summary);
    if (period) for (const at of rows) if (isTable(at, 'XML2', 'XML3', 'XML4', 'XML5')) checkRowTimes(ctx, at, period);
  }
  return ctx.problems;
}
