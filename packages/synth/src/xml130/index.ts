export { visitXml130, visitTables, xml130FileName } from './visit-file.js';
export { readXml130Envelope, readXml130Rows, type Xml130Envelope } from './read.js';
export { XML1, XML2, XML3, XML4, XML5, type TableLayout, type Xml130TableName } from './fields.js';
export type { InsuranceRate } from './visit-context.js';
