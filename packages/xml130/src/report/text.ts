import type { Xml130Problem } from '../problem.js';
import type { BatchSummary } from './batch-summary.js';
import type { FileReport } from './check-file.js';

/** Which message languages a text report shows: both (Vietnamese first) unless one is asked for. */
export type ReportLanguage = 'vi' | 'en' | 'both';

function where(p: Xml130Problem): string {
  const parts = [p.table, p.row !== undefined && p.table !== 'XML1' ? `dòng/row ${p.row}` : undefined, p.field];
  return parts.filter(Boolean).join(' · ');
}

function problemLines(p: Xml130Problem, lang: ReportLanguage, indent: string): string[] {
  const mark = p.severity === 'error' ? 'LỖI/ERROR' : 'CẢNH BÁO/WARNING';
  const place = where(p);
  const head = `${indent}${mark} [${p.rule}]${place ? ` ${place}` : ''}`;
  const messages = lang === 'both' ? [p.message.vi, p.message.en] : [p.message[lang]];
  return [head, ...messages.map((m) => `${indent}  ${m}`)];
}

/**
 * A file's report for people: nothing for a file without problems, else
 * the file's own problems, then each visit with problems, field by field.
 */
export function fileReportText(report: FileReport, lang: ReportLanguage = 'both'): string {
  const { summary } = report;
  if (report.problems.length === 0 && summary.errors + summary.warnings === 0) return '';
  const lines = [
    `${report.file}: ${summary.visits} hồ sơ/visits, ${summary.errors} lỗi/errors, ${summary.warnings} cảnh báo/warnings`,
  ];
  for (const p of report.problems) lines.push(...problemLines(p, lang, '  '));
  for (const visit of report.visits) {
    if (visit.problems.length === 0) continue;
    const key = visit.maLk ? `MA_LK ${visit.maLk}` : 'MA_LK ?';
    lines.push(`  Hồ sơ/visit ${visit.index} · ${key}${visit.facilityCode ? ` · ${visit.facilityCode}` : ''}`);
    for (const p of visit.problems) lines.push(...problemLines(p, lang, '    '));
  }
  return `${lines.join('\n')}\n`;
}

export function summaryText(summary: BatchSummary): string {
  const n = (x: number): string => x.toLocaleString('en-US');
  const lines = [
    'Tóm tắt · Summary',
    `  tệp/files ${n(summary.files)}${summary.unreadableFiles ? ` (${n(summary.unreadableFiles)} không đọc được/unreadable)` : ''}`,
    `  hồ sơ/visits ${n(summary.visits)}, có lỗi/with errors ${n(summary.visitsWithErrors)}`,
    `  lỗi/errors ${n(summary.errors)}, cảnh báo/warnings ${n(summary.warnings)}`,
  ];
  const rules = Object.entries(summary.byRule);
  if (rules.length > 0) {
    lines.push('  theo quy tắc/by rule:');
    for (const [rule, count] of rules) lines.push(`    ${rule.padEnd(28)} ${n(count)}`);
  }
  return `${lines.join('\n')}\n`;
}
