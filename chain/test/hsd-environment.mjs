/**
 * Jest environment for the tests that run hsd nodes. Jest's node environment hands the test realm Node's own
 * ArrayBuffer and Uint8Array (so that Buffer and TextEncoder agree with user code) but leaves the other typed arrays
 * to the test realm; a `new Uint32Array(n).buffer` there is then no `instanceof ArrayBuffer`, which hsd's crypto
 * library (bcrypto) asserts before drawing random numbers. Handing over the remaining typed-array constructors from
 * the same realm makes every typed array's buffer the ArrayBuffer the tests see, as in a plain Node process.
 */
import { TestEnvironment as NodeEnvironment } from 'jest-environment-node';

const SAME_REALM = [
  'Int8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
  'DataView',
];

class HsdEnvironment extends NodeEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SAME_REALM) this.global[name] = globalThis[name];
  }
}

export default HsdEnvironment;
