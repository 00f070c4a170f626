/**
 * Declared object layouts: a scheme names the fields of each object it sends (`layout({ c1: 'G1', beta: 'GT',
 * sealed: 'bytes' })`) and gets from that one declaration its wire codec, a strict decoder and the element list of
 * the paper's message accounting, so the three can never disagree and no scheme hand-writes a codec.
 *
 * Encoding (core/wire.ts): a three-byte header (format version, the scheme's tag derived from its name, the object
 * kind), then the fields in declaration order: group elements and scalars at their fixed sizes, byte strings and
 * text with a u32 length prefix, lists with a u16 count, nested layouts inline. Decoding is strict: a wrong header,
 * a length or count out of bounds, a trailing byte, or an element its group refuses (not on the curve, outside the
 * subgroup, non-canonical, the identity, a zero scalar where 'Zr*' is declared) is a DecodeError.
 */
import type { G1, G2, GT } from './groups/types.js';
import { DecodeError } from './errors.js';
import type { ImplElement, MessageElement, MessageSpec, Party, SchemeCodec } from './types.js';
import { objectWriter, openObject, schemeTag, type Reader, type Writer } from './wire.js';

/** A group element: its serialized size and the group's own (strict) codec. */
export interface ElementCodec<E> {
  readonly size: number;
  toBytes(e: E): Uint8Array;
  fromBytes(b: Uint8Array): E;
}

export interface ScalarCodec extends ElementCodec<bigint> {
  fromBytes(b: Uint8Array, opts?: { allowZero?: boolean }): bigint;
}

/** The element codecs a layout is bound to; a prime-order curve (Umbral, BBS98) supplies its points as G1. */
export interface Elements<T extends ElementTypes = PairingElements> {
  G1?: ElementCodec<T['G1']>;
  G2?: ElementCodec<T['G2']>;
  GT?: ElementCodec<T['GT']>;
  Zr: ScalarCodec;
}

export interface ElementTypes {
  G1: unknown;
  G2: unknown;
  GT: unknown;
}
export interface PairingElements {
  G1: G1;
  G2: G2;
  GT: GT;
}

type GroupName = 'G1' | 'G2' | 'GT' | 'Zr';
/** 'Zr*' is a scalar that must not be zero. */
export type Field =
  | GroupName
  | 'Zr*'
  | 'bytes'
  | 'str'
  | 'u8'
  | { readonly fixed: number }
  | { readonly list: Field; readonly min?: number; readonly max?: number }
  | Layout<Fields>;
export type Fields = { readonly [name: string]: Field };

export interface Layout<F extends Fields> {
  readonly fields: F;
  /** A check over the decoded object (e.g. a threshold t <= n); returns why it is malformed, if it is. */
  readonly check?: (v: never) => string | undefined;
}

/** The value a field holds, for elements of types T. */
export type ValueOf<F, T extends ElementTypes = PairingElements> = F extends 'G1' | 'G2' | 'GT'
  ? T[F]
  : F extends 'Zr' | 'Zr*'
    ? bigint
    : F extends 'bytes' | { readonly fixed: number }
      ? Uint8Array
      : F extends 'str'
        ? string
        : F extends 'u8'
          ? number
          : F extends { readonly list: infer X }
            ? ValueOf<X, T>[]
            : F extends Layout<infer S>
              ? Infer<Layout<S>, T>
              : never;

/** The object type a layout describes. */
export type Infer<L, T extends ElementTypes = PairingElements> =
  L extends Layout<infer F> ? { -readonly [K in keyof F]: ValueOf<F[K], T> } : never;

export function layout<F extends Fields>(fields: F, check?: (v: Infer<Layout<F>, ElementTypes>) => string | undefined) {
  return { fields, check } as Layout<F>;
}

/** Alternative forms of one object (e.g. ciphertext levels), told apart by `key`; the form is the object kind. */
export interface Variants<K extends string, V extends readonly (readonly [string | number, Layout<Fields>])[]> {
  readonly key: K;
  readonly forms: V;
}
export type InferVariants<U, T extends ElementTypes = PairingElements> =
  U extends Variants<infer K, infer V> ? { [I in keyof V]: { [P in K]: V[I][0] } & Infer<V[I][1], T> }[number] : never;

export function variants<K extends string, const V extends readonly (readonly [string | number, Layout<Fields>])[]>(
  key: K,
  forms: V,
): Variants<K, V> {
  return { key, forms };
}

/** One form of a variant set, by its discriminator value (for message accounting). */
export function form<V extends Variants<string, readonly (readonly [string | number, Layout<Fields>])[]>>(
  v: V,
  which: V['forms'][number][0],
): Layout<Fields> {
  const f = v.forms.find(([k]) => k === which);
  if (!f) throw new RangeError(`no form ${String(which)}`);
  return f[1];
}

/** An object that is a single field, sent without a wrapping record (a public key that is one point); `name` is
 * what the paper accounting calls it. */
export interface Bare<F extends Field> {
  readonly bare: F;
  readonly name: string;
}
export function bare<F extends Field>(name: string, field: F): Bare<F> {
  return { bare: field, name };
}

type AnyObject =
  Layout<Fields> | Bare<Field> | Variants<string, readonly (readonly [string | number, Layout<Fields>])[]>;

const isLayout = (f: unknown): f is Layout<Fields> => typeof f === 'object' && f !== null && 'fields' in f;

function element(els: Elements<ElementTypes>, g: GroupName): ElementCodec<unknown> {
  if (g === 'Zr') return els.Zr;
  const c = els[g];
  if (!c) throw new RangeError(`layout uses ${g}, which this group does not provide`);
  return c as ElementCodec<unknown>;
}

function write(w: Writer, f: Field, v: unknown, els: Elements<ElementTypes>): void {
  if (f === 'Zr*') w.fixed(els.Zr.toBytes(v as bigint));
  else if (f === 'G1' || f === 'G2' || f === 'GT' || f === 'Zr') w.fixed(element(els, f).toBytes(v));
  else if (f === 'bytes') w.bytes(v as Uint8Array);
  else if (f === 'str') w.str(v as string);
  else if (f === 'u8') w.u8(v as number);
  else if (isLayout(f)) writeFields(w, f, v as Record<string, unknown>, els);
  else if ('fixed' in f) w.fixed(v as Uint8Array, f.fixed);
  else {
    const items = v as unknown[];
    w.u16(items.length);
    for (const x of items) write(w, f.list, x, els);
  }
}

function writeFields(w: Writer, l: Layout<Fields>, v: Record<string, unknown>, els: Elements<ElementTypes>): void {
  for (const [name, f] of Object.entries(l.fields)) write(w, f, v[name], els);
}

function read(r: Reader, f: Field, name: string, els: Elements<ElementTypes>): unknown {
  if (f === 'Zr' || f === 'Zr*')
    return r.field(els.Zr.size, (b) => els.Zr.fromBytes(b, { allowZero: f === 'Zr' }), name);
  if (f === 'G1' || f === 'G2' || f === 'GT') {
    const c = element(els, f);
    return r.field(c.size, (b) => c.fromBytes(b), name);
  }
  if (f === 'bytes') return r.bytes(undefined, name);
  if (f === 'str') return r.str(undefined, name);
  if (f === 'u8') return r.u8(name);
  if (isLayout(f)) return readFields(r, f, els);
  if ('fixed' in f) return r.fixed(f.fixed, name);
  const n = r.u16(`${name} count`);
  const [min, max] = [f.min ?? 0, f.max ?? 1024];
  if (n < min || n > max) throw new DecodeError('length', r.what, `${name}: ${n} items, allowed ${min}..${max}`);
  return Array.from({ length: n }, (_, i) => read(r, f.list, `${name}[${i}]`, els));
}

function readFields(r: Reader, l: Layout<Fields>, els: Elements<ElementTypes>): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(l.fields)) v[name] = read(r, f, name, els);
  const why = l.check?.(v as never);
  if (why) throw new DecodeError('format', r.what, why);
  return v;
}

/** Object kinds by role; a variant's form adds its index. */
const ROLE_KIND = { publicKey: 0x10, secretKey: 0x20, ciphertext: 0x30, reKey: 0x40 } as const;
type Role = keyof typeof ROLE_KIND;

function objectCodec(name: string, role: Role, obj: AnyObject, els: Elements<ElementTypes>) {
  const tag = schemeTag(name);
  const what = `${name} ${role}`;
  const isBare = 'bare' in obj;
  const forms: (readonly [string | number | null, Layout<Fields>])[] = isLayout(obj)
    ? [[null, obj]]
    : isBare
      ? [[null, layout({ [obj.name]: obj.bare })]]
      : [...obj.forms];
  const key = isLayout(obj) || isBare ? null : obj.key;
  const kinds = forms.map((_, i) => ROLE_KIND[role] + i);
  return {
    encode(v: unknown): Uint8Array {
      const rec = (isBare ? { [obj.name]: v } : v) as Record<string, unknown>;
      const i = key === null ? 0 : forms.findIndex(([k]) => k === rec[key]);
      if (i < 0) throw new RangeError(`${what}: no form ${String(rec[key!])}`);
      const w = objectWriter(tag, kinds[i]!);
      writeFields(w, forms[i]![1], rec, els);
      return w.finish();
    },
    decode(b: Uint8Array): unknown {
      const { r, kind } = openObject(b, tag, kinds, what);
      const i = kind - ROLE_KIND[role];
      const v = readFields(r, forms[i]![1], els);
      r.end();
      if (isBare) return v[obj.name];
      return key === null ? v : { [key]: forms[i]![0], ...v };
    },
  };
}

/** A scheme's codec, generated from the layouts of its four objects. */
export function schemeCodec<PK, SK, CT, RK>(
  scheme: string,
  els: Elements<ElementTypes>,
  objects: { publicKey: AnyObject; secretKey: AnyObject; ciphertext: AnyObject; reKey: AnyObject },
): SchemeCodec<PK, SK, CT, RK> {
  const [pk, sk, ct, rk] = (['publicKey', 'secretKey', 'ciphertext', 'reKey'] as const).map((role) =>
    objectCodec(scheme, role, objects[role], els),
  );
  return {
    encodePublicKey: (x) => pk!.encode(x),
    decodePublicKey: (b) => pk!.decode(b) as PK,
    encodeSecretKey: (x) => sk!.encode(x),
    decodeSecretKey: (b) => sk!.decode(b) as SK,
    encodeCiphertext: (x) => ct!.encode(x),
    decodeCiphertext: (b) => ct!.decode(b) as CT,
    encodeReKey: (x) => rk!.encode(x),
    decodeReKey: (b) => rk!.decode(b) as RK,
  };
}

/**
 * The group elements a layout carries, for the paper's accounting: every group-element and scalar field in order,
 * nested layouts flattened (names joined with '.'), each list counted `counts[name]` times (default once). Byte
 * strings, text and integers are not group elements and are left out.
 */
export function elements(
  l: Layout<Fields> | Bare<Field>,
  counts: Record<string, number> = {},
  prefix = '',
): MessageElement[] {
  if ('bare' in l) return elements(layout({ [l.name]: l.bare }), counts, prefix);
  const out: MessageElement[] = [];
  const add = (f: Field, name: string) => {
    if (f === 'G1' || f === 'G2' || f === 'GT' || f === 'Zr') out.push({ name, group: f });
    else if (f === 'Zr*') out.push({ name, group: 'Zr' });
    else if (isLayout(f)) out.push(...elements(f, counts, `${name}.`));
    else if (typeof f === 'object' && 'list' in f)
      for (let i = 0; i < (counts[name] ?? 1); i++) add(f.list, `${name}[${i}]`);
  };
  for (const [name, f] of Object.entries(l.fields)) add(f, prefix + name);
  return out;
}

/** The element codecs of a pairing group. */
export function pairingElements(g: {
  zr: ScalarCodec;
  g1: ElementCodec<G1>;
  g2: ElementCodec<G2>;
  gt: ElementCodec<GT>;
}): Elements<PairingElements> {
  return { Zr: g.zr, G1: g.g1, G2: g.g2, GT: g.gt };
}

/**
 * The elements a layout really puts on the wire, by name and kind (group elements and scalars at the backend's size,
 * fixed-length fields as bytes); variable-length fields (the sealed body, strings) and small integers are framing.
 */
export function implElements(
  l: Layout<Fields> | Bare<Field>,
  counts: Record<string, number> = {},
  prefix = '',
): ImplElement[] {
  if ('bare' in l) return implElements(layout({ [l.name]: l.bare }), counts, prefix);
  const out: ImplElement[] = [];
  const add = (f: Field, name: string) => {
    if (f === 'G1' || f === 'G2' || f === 'GT' || f === 'Zr') out.push({ name, kind: f });
    else if (f === 'Zr*') out.push({ name, kind: 'Zr' });
    else if (isLayout(f)) out.push(...implElements(f, counts, `${name}.`));
    else if (typeof f === 'object' && 'fixed' in f) out.push({ name, kind: 'bytes', bytes: f.fixed });
    else if (typeof f === 'object' && 'list' in f)
      for (let i = 0; i < (counts[name] ?? 1); i++) add(f.list, `${name}[${i}]`);
  };
  for (const [name, f] of Object.entries(l.fields)) add(f, prefix + name);
  return out;
}

/**
 * Messages whose codec sends exactly their listed elements: each gets those as its implementation elements (`impl`),
 * unless it names its own.
 */
export function withImpl(specs: MessageSpec[]): MessageSpec[] {
  return specs.map((m) => ({ ...m, impl: m.impl ?? m.elements.map((e) => ({ name: e.name, kind: e.group })) }));
}

/**
 * A message of the declared flow whose paper-accounted elements are those of `carries` (a layout or a list). When
 * `carries` is the layout the codec sends, what the implementation sends is that layout too (`impl`); a message
 * declared by a list names its implementation elements in `impl`.
 */
export function message(
  id: string,
  from: Party,
  to: Party,
  description: string,
  carries: Layout<Fields> | Bare<Field> | MessageElement[],
  impl?: ImplElement[],
): MessageSpec {
  if (Array.isArray(carries)) return { id, from, to, description, elements: carries, ...(impl ? { impl } : {}) };
  return { id, from, to, description, elements: elements(carries), impl: impl ?? implElements(carries) };
}
