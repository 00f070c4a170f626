import { createMclGroup } from '../../core/groups/mcl.js';
import { scopedSuite } from './suite.js';

scopedSuite('mcl BN254', () => createMclGroup('bn254'), 2, false);
