import { createNobleGroup } from '../../core/groups/noble.js';
import { scopedSuite } from './suite.js';

scopedSuite('noble BLS12-381', createNobleGroup, 1, false);
