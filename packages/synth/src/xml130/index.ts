export { visitXml130, visitTables, xml130FileName } from './visit-file.js';
export type { InsuranceRate } from './visit-context.js';
