// What a scheme (or a consumer) needs from the core, so a scheme can be one file importing only this entry point:
// the interface and its errors, randomness, op counting, the story recorder, declared layouts and their codecs, the
// DEM, fixed-base exponentiation and cost rows, and the shared PRE flows.
export * from './errors.js';
export * from './rng.js';
export * from './ops.js';
export * from './story.js';
export * from './types.js';
export * from './layout.js';
export { seal, open, deriveKey, digest, cidOf, DEM_OVERHEAD, type Aead } from './dem.js';
export { Reader, Writer, schemeTag } from './wire.js';
export { cost, fixedBases, fixedExpOps, ops, type FixedBases } from './fixed-bases.js';
export { preStory, runPreStory, refuses, type PreStoryConfig } from './flows/pre-story.js';
export { goldenEncodings } from './golden.js';
export type * from './protocol.js';
export type * from './groups/types.js';
