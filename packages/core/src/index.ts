export * from './errors.js';
export * from './text-fold.js';
export * from './date-range.js';
export * from './vn-identifiers.js';
export * from './vn-systems.js';
export * from './identity/index.js';
export * from './in-chunks.js';
export * from './in-parallel.js';
