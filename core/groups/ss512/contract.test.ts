import { pairingGroupContract } from '../contract.js';
import { createSs512Group } from './index.js';

// The shared backend contract on SS512; its pure-bigint GT decode is slow, so a smaller fuzz budget than mcl's.
pairingGroupContract('ss512', createSs512Group, { runs: 2, fuzz: 400 });
