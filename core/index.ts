export * from './errors.js';
export * from './rng.js';
export * from './ops.js';
export * from './story.js';
export * from './types.js';
export type * from './protocol.js';
export type * from './groups/types.js';
