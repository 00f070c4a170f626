/** Public entry point of the medexchain package: the Scheme interface, group backends and the registries. */
export * from './core/index.js';
export * from './registry/index.js';
