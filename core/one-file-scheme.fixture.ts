/**
 * A scheme as a third party would write it: one file importing only the package's entry point. It is AFGH06's
 * second-level PRE (Ateniese, Fu, Green, Hohenberger, NDSS 2005, sec. 3.2) reduced to keygen, encrypt, rekeygen,
 * reencrypt and decrypt, enough to exercise layouts, the DEM, cost rows and the shared PRE story.
 */
import {
  byPublicKey,
  cost,
  elements,
  fixedBases,
  fixedExpOps,
  layout,
  noCapabilities,
  open,
  ops,
  pairingElements,
  preStory,
  publicKeyOf,
  schemeCodec,
  seal,
  UnsupportedError,
  variants,
  type Scheme,
  type SchemeInstance,
} from '../index.js';

const Ciphertext = variants('level', [
  [2, layout({ c1: 'G1', beta: 'GT', sealed: 'bytes' })],
  ['re', layout({ alpha: 'GT', beta: 'GT', sealed: 'bytes' })],
]);
const objects = {
  publicKey: layout({ Za: 'GT', g2a: 'G2' }),
  secretKey: layout({ a: 'Zr*' }),
  ciphertext: Ciphertext,
  reKey: layout({ rk: 'G2' }),
};

export const oneFileScheme: Scheme = {
  name: 'one-file-afgh',
  title: 'AFGH06 second level, written as one file against the public entry point',
  family: 'pre',
  citation: 'Ateniese, Fu, Green, Hohenberger, NDSS 2005 / TISSEC 2006, sec. 3.2',
  capabilities: { ...noCapabilities(), unidirectional: true, reencryption: true },
  supports: (group) => group !== null,
  defaultParams: () => ({}),
  costModel: (_p, opt) => {
    const f = fixedExpOps(opt.precompute);
    return {
      algorithms: [
        cost('keygen', 'patient', ops([f.ET, 1], [f.E2, 1])),
        cost('keygen', 'hospital', ops([f.ET, 1], [f.E2, 1])),
        cost('encrypt', 'device', ops([f.ET, 1], [f.E1, 1], ['expGT', 1], ['mulGT', 1])),
        cost('rekeygen', 'patient', ops(['expG2', 1])),
        // a receiving step includes the strict decodes of what it receives (the PRE story times and counts them)
        cost(
          'reencrypt',
          'relay',
          ops(['decodeG1', 1], ['decodeGT', 1], ['decodeG2', 1], ['millerLoop', 1], ['finalExp', 1]),
        ),
        cost('decrypt', 'hospital', ops(['decodeGT', 2], ['expGT', 1], ['mulGT', 1], ['invGT', 1])),
      ],
    };
  },
  messages: () => [
    { id: 'M1', from: 'device', to: 'storage', description: 'ciphertext', elements: elements(Ciphertext.forms[0][1]) },
    { id: 'M2', from: 'patient', to: 'relay', description: 're-encryption key', elements: elements(objects.reKey) },
    {
      id: 'M3',
      from: 'relay',
      to: 'hospital',
      description: 're-encrypted',
      elements: elements(Ciphertext.forms[1][1]),
    },
  ],
  async create(opts) {
    const group = opts.group;
    if (!group) throw new UnsupportedError('needs a pairing group');
    const { zr, gt } = group;
    const fb = fixedBases(group, opts.precompute ?? true);
    const key = (K: typeof fb.Z) => gt.kdf(K, 'one-file/dem');
    type Pk = { Za: typeof fb.Z; g2a: ReturnType<typeof fb.g2> };
    type Ct =
      | { level: 2; c1: ReturnType<typeof fb.g1>; beta: typeof fb.Z; sealed: Uint8Array }
      | { level: 're'; alpha: typeof fb.Z; beta: typeof fb.Z; sealed: Uint8Array };
    const inst: SchemeInstance<Pk, { a: bigint }, Ct, { rk: ReturnType<typeof fb.g2> }> = {
      scheme: oneFileScheme,
      group,
      params: {},
      codec: schemeCodec('one-file-afgh', pairingElements(group), objects),
      recipientFor: byPublicKey,
      keygen: (_s, rng) => {
        const a = zr.random(rng);
        return { pk: { Za: fb.z(a), g2a: fb.g2(a) }, sk: { a } };
      },
      encrypt(to, m, rng) {
        const [K, k] = [fb.randomGT(rng), zr.random(rng)];
        const beta = gt.mul(K, gt.exp(publicKeyOf(to, 'one-file').Za, k));
        return { level: 2, c1: fb.g1(k), beta, sealed: seal(key(K), m, gt.toBytes(beta), rng) };
      },
      decrypt({ sk }, ct) {
        const blind =
          ct.level === 2 ? gt.exp(group.pair(ct.c1, group.g2.generator()), sk.a) : gt.exp(ct.alpha, zr.inv(sk.a));
        return open(key(gt.div(ct.beta, blind)), ct.sealed, gt.toBytes(ct.beta));
      },
      rekeygen: (from, to) => ({ rk: group.g2.exp(publicKeyOf(to, 'one-file').g2a, from.sk.a) }),
      reencrypt({ rk }, ct) {
        if (ct.level !== 2) throw new UnsupportedError('single hop');
        return { level: 're', alpha: group.pair(ct.c1, rk), beta: ct.beta, sealed: ct.sealed };
      },
      story: (o) => preStory(inst, o),
    };
    return inst as SchemeInstance;
  },
};
