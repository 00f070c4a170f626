import { createMclGroup } from './mcl.js';
import { pairingGroupContract } from './contract.js';

pairingGroupContract('mcl BN254', () => createMclGroup('bn254'), { runs: 10, fuzz: 10_000 });
