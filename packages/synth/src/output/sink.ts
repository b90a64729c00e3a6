import type { Province } from '../model.js';
import type { ProvincePart } from '../parts.js';

/** Where generated parts go: files of one format, or the database. */
export interface Sink {
  /** Called once before the first part. */
  open?(province: Province): Promise<void>;
  write(part: ProvincePart): Promise<void>;
  /** Flushes and closes; called once after the last part. */
  close(): Promise<void>;
}
