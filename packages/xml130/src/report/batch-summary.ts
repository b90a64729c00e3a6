import type { FileReport } from './check-file.js';

/** What a batch of checked files adds up to: the summary the CLI prints and the JSON report ends with. */
export interface BatchSummary {
  files: number;
  /** Files with a problem of their own (unreadable, not XML 130…) that stopped their visits being read. */
  unreadableFiles: number;
  visits: number;
  visitsWithErrors: number;
  errors: number;
  warnings: number;
  /** Problems by rule id, most frequent first. */
  byRule: Record<string, number>;
}

export class BatchTally {
  private files = 0;
  private unreadable = 0;
  private visits = 0;
  private visitsWithErrors = 0;
  private errors = 0;
  private warnings = 0;
  private readonly rules = new Map<string, number>();

  add(report: FileReport): void {
    this.files++;
    if (report.kind === 'unreadable') this.unreadable++;
    this.visits += report.summary.visits;
    this.visitsWithErrors += report.summary.visitsWithErrors;
    this.errors += report.summary.errors;
    this.warnings += report.summary.warnings;
    for (const p of [...report.problems, ...report.visits.flatMap((v) => v.problems)]) {
      this.rules.set(p.rule, (this.rules.get(p.rule) ?? 0) + 1);
    }
  }

  summary(): BatchSummary {
    return {
      files: this.files,
      unreadableFiles: this.unreadable,
      visits: this.visits,
      visitsWithErrors: this.visitsWithErrors,
      errors: this.errors,
      warnings: this.warnings,
      byRule: Object.fromEntries([...this.rules].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))),
    };
  }
}
