import { createNobleGroup } from './noble.js';
import { pairingGroupContract } from './contract.js';

pairingGroupContract('noble BLS12-381', createNobleGroup, { runs: 3, fuzz: 10_000 });
