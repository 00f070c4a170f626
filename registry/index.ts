export * from './backends.js';
export * from './schemes.js';
