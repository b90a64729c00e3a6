export * from './birth-date.js';
export * from './blocking.js';
export * from './edit-distance.js';
export * from './features.js';
export * from './names.js';
export * from './phone.js';
export * from './score.js';
export * from './weights.js';
