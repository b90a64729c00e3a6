export type { FieldKind, FieldSpec, TableLayout, Xml130TableName } from './layout.js';
export { rowElement } from './layout.js';
export {
  MAPPED_TABLES,
  MAX_LENGTH,
  UNMAPPED_TABLES,
  XML1,
  XML2,
  XML3,
  XML4,
  XML5,
  XML13,
  XML14,
  isXml130TableName,
  mappedLayout,
  tableOfRoot,
  tableTitle,
} from './tables.js';
export * from './codes.js';
export * from './format.js';
export * from './money.js';
export { RULES, RULE_IDS, type RuleId } from './rules.js';
export { problem, hasErrors, type Severity, type Xml130Problem } from './problem.js';
export {
  readXml130File,
  DEFAULT_MAX_BYTES,
  type Xml130File,
  type Xml130ReadOptions,
  type Xml130Tables,
  type Xml130Visit,
} from './read/read-file.js';
export type { Row } from './read/read-table.js';
export { readXml130Envelope, readXml130Rows, type Xml130Envelope } from './read.js';
export { checkXml130Visit } from './check/check-visit.js';
export {
  checkXml130File,
  fileHasErrors,
  sortProblems,
  tooLargeReport,
  type FileReport,
  type VisitReport,
} from './report/check-file.js';
export { BatchTally, type BatchSummary } from './report/batch-summary.js';
export { fileReportText, summaryText, type ReportLanguage } from './report/text.js';
export * from './fhir/index.js';
export { writeEnvelope, writeTable, type WriteRow } from './write.js';
