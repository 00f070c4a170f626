import { beforeAll, describe } from '@jest/globals';
import { createMclGroup } from '../../core/groups/mcl.js';
import type { PairingGroup } from '../../core/groups/types.js';
import { abeSuite } from '../../core/abe/abe-testkit.js';
import { bsw07, createBsw07, type BswSecretKey } from './index.js';

let group: PairingGroup;
beforeAll(async () => {
  group = await createMclGroup('bls12-381');
});

describe('BSW07 on BLS12-381', () => {
  abeSuite<BswSecretKey>(
    bsw07,
    () => group,
    (g) => createBsw07(g, true, {}),
    (a, b) => ({
      pk: { attributes: [...a.pk.attributes, ...b.pk.attributes] },
      sk: { D: a.sk.D, comps: new Map([...a.sk.comps, ...b.sk.comps]) },
    }),
  );
});
