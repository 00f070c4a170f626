import { createMclGroup } from '../../core/groups/mcl.js';
import { scopedSuite } from './suite.js';

scopedSuite('mcl BLS12-381', () => createMclGroup('bls12-381'), 4);
