import { createMclGroup } from '../../core/groups/mcl.js';
import { medexchainSuite } from './suite.js';

medexchainSuite('mcl BLS12-381', () => createMclGroup('bls12-381'), 6);
