/**
 * Every baseline on the symmetric SS512 backend (the paper's 80-bit Type-A setting, G1 = G2): the schemes are
 * written against the generic group interface, so their stories pass and their counted operations equal their cost
 * models there too, in both precompute modes.
 */
import { beforeAll, describe, test } from '@jest/globals';
import { createSs512Group } from '../core/groups/ss512/index.js';
import type { PairingGroup } from '../core/groups/types.js';
import { afgh06 } from './afgh06/index.js';
import { bbs98 } from './bbs98/index.js';
import { bibm24 } from './bibm24/index.js';
import { bsw07 } from './bsw07/index.js';
import { expectStoryMatchesCostModel } from '../core/testkit.js';
import { ga07 } from './ga07/index.js';
import { waters11 } from './waters11/index.js';

let G: PairingGroup;
beforeAll(async () => {
  G = await createSs512Group();
});

describe('baselines on SS512 (symmetric Type A)', () => {
  test.each([bbs98, afgh06, ga07, bibm24].map((s) => [s.name, s] as const))(
    '%s: story ok, counts = cost model',
    async (_n, scheme) => {
      await expectStoryMatchesCostModel(scheme, G, scheme.defaultParams(), `ss512-${scheme.name}`);
    },
  );
  test.each([bsw07, waters11].map((s) => [s.name, s] as const))(
    '%s with 4 attributes: story ok, counts = cost model',
    async (_n, scheme) => {
      await expectStoryMatchesCostModel(scheme, G, { attributes: 4 }, `ss512-${scheme.name}`);
    },
  );
});
