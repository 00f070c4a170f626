import { createMclGroup } from '../../core/groups/mcl.js';
import { medexchainSuite } from './suite.js';

medexchainSuite('mcl BN254', () => createMclGroup('bn254'), 4, false);
