import { createSs512Group } from '../../core/groups/ss512/index.js';
import { scopedSuite } from './suite.js';

scopedSuite('SS512 (symmetric Type A)', createSs512Group, 1, false);
