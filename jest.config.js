// Native ESM jest: run with NODE_OPTIONS=--experimental-vm-modules (see package.json "test").
// ts-jest transpiles only (tsconfig sets isolatedModules); `tsc --noEmit` is the type check, run as its own CI step.
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }] },
  testMatch: ['<rootDir>/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/results/'],
  testTimeout: 120000,
  maxWorkers: 2,
};
