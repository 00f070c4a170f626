import { beforeAll, describe } from '@jest/globals';
import { createMclGroup } from '../../core/groups/mcl.js';
import type { PairingGroup } from '../../core/groups/types.js';
import { abeSuite } from '../../core/abe/abe-testkit.js';
import { createWaters11, waters11, type WatersSecretKey } from './index.js';

let group: PairingGroup;
beforeAll(async () => {
  group = await createMclGroup('bn254');
});

describe('Waters11 on BN254', () => {
  abeSuite<WatersSecretKey>(
    waters11,
    () => group,
    (g) => createWaters11(g, true, {}),
    (a, b) => ({
      pk: { attributes: [...a.pk.attributes, ...b.pk.attributes] },
      sk: { K: a.sk.K, L: a.sk.L, Kx: new Map([...a.sk.Kx, ...b.sk.Kx]) },
    }),
  );
});
