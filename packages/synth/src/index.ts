export type * from './model.js';
export { Random, WeightedTable } from './random.js';
export { buildProvince, DEFAULT_PERIOD, MAX_RESIDENTS, type ProvinceOptions } from './province.js';
export { lifeOf } from './life.js';
export { sharedParts, stockParts, residentParts, type ProvincePart, type Stage } from './parts.js';
export { generateProvince, type GenerateSummary, type Progress, type GenerateOptions } from './generate.js';
export type { Sink } from './output/sink.js';
export { NdjsonSink } from './output/ndjson.js';
export { TransactionBundleSink, transactionBundle } from './output/transaction-bundles.js';
export { Xml130Sink } from './output/xml130-files.js';
export {
  readXml130Envelope,
  readXml130Rows,
  visitXml130,
  xml130FileName,
  type Xml130Envelope,
} from './xml130/index.js';
export { TruthSink } from './output/truth.js';
export { FileWriter } from './output/file-writer.js';
