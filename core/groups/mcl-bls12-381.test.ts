import { createMclGroup } from './mcl.js';
import { pairingGroupContract } from './contract.js';

pairingGroupContract('mcl BLS12-381', () => createMclGroup('bls12-381'), { runs: 10, fuzz: 10_000 });
