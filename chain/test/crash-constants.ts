/** Keys and settings shared by crash.test.ts and its child process crash-writer.ts (test-only values). */
export const RELAY_KEY = new Uint8Array(32).fill(7);
export const PRODUCER_KEY = new Uint8Array(32).fill(9);
export const WINDOW_MS = 3_600_000;
