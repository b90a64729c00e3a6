import { checkXml130Visit } from '../check/check-visit.js';
import { hasErrors, problem, type Xml130Problem } from '../problem.js';
import {
  DEFAULT_MAX_BYTES,
  sizeText,
  readXml130File,
  type Xml130File,
  type Xml130ReadOptions,
} from '../read/read-file.js';

export interface VisitReport {
  index: number;
  maLk: string;
  facilityCode: string;
  /** The tables the visit carried (LOAIHOSO), mapped or not. */
  tables: string[];
  errors: number;
  warnings: number;
  /** Reading and checking problems, in table, row and field order. */
  problems: Xml130Problem[];
}

export interface FileReport {
  /** The path or name the caller gave. */
  file: string;
  kind: Xml130File['kind'];
  facilityCode: string;
  /** Problems of the file as a whole (unreadable, not XML 130, SOLUONGHOSO…). */
  problems: Xml130Problem[];
  visits: VisitReport[];
  summary: { visits: number; visitsWithErrors: number; errors: number; warnings: number };
}

const TABLE_ORDER = (t: string | undefined): number => (t === undefined ? -1 : Number(t.slice(3)));

/** Problems in reading order: the file's own, then by table, row and field. */
export function sortProblems(problems: Xml130Problem[]): Xml130Problem[] {
  return problems
    .map((p, i) => [p, i] as const)
    .sort(([a, i], [b, j]) => TABLE_ORDER(a.table) - TABLE_ORDER(b.table) || (a.row ?? 0) - (b.row ?? 0) || i - j)
    .map(([p]) => p);
}

const count = (problems: readonly Xml130Problem[], severity: string): number =>
  problems.filter((p) => p.severity === severity).length;

/** Reads and checks one file: every visit, each on its own (a bad visit does not hide the others). */
export function checkXml130File(file: string, input: Uint8Array | string, options: Xml130ReadOptions = {}): FileReport {
  const read = readXml130File(input, options);
  const visits: VisitReport[] = [];
  for (const visit of read.visits()) {
    const problems = sortProblems([...visit.problems, ...checkXml130Visit(visit)]);
    visits.push({
      index: visit.index,
      maLk: visit.maLk,
      facilityCode: visit.facilityCode,
      tables: Object.keys(visit.received),
      errors: count(problems, 'error'),
      warnings: count(problems, 'warning'),
      problems,
    });
  }
  return {
    file,
    kind: read.kind,
    facilityCode: read.facilityCode,
    problems: read.problems,
    visits,
    summary: {
      visits: visits.length,
      visitsWithErrors: visits.filter((v) => v.errors > 0).length,
      errors: count(read.problems, 'error') + visits.reduce((n, v) => n + v.errors, 0),
      warnings: count(read.problems, 'warning') + visits.reduce((n, v) => n + v.warnings, 0),
    },
  };
}

/** Whether the file (or one of its visits) has an error. */
export function fileHasErrors(report: FileReport): boolean {
  return hasErrors(report.problems) || report.summary.visitsWithErrors > 0;
}

/** The report of a file refused for its size without reading it (a caller that knows the size from the file system). */
export function tooLargeReport(file: string, size: number, maxBytes = DEFAULT_MAX_BYTES): FileReport {
  const problems = [problem('input.too-large', {}, { size: sizeText(size), limit: sizeText(maxBytes) })];
  return {
    file,
    kind: 'unreadable',
    facilityCode: '',
    problems,
    visits: [],
    summary: { visits: 0, visitsWithErrors: 0, errors: 1, warnings: 0 },
  };
}
