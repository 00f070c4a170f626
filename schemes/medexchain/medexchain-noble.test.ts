import { createNobleGroup } from '../../core/groups/noble.js';
import { medexchainSuite } from './suite.js';

medexchainSuite('noble BLS12-381', createNobleGroup, 1, false);
