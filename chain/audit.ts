/**
 * The auditor: anyone holding read access to both chains and the blob store re-verifies every audit record and
 * every stored blob, and reports each inconsistency with where it is. Checks, per audit record i:
 *   - chain A: the Audited event extends the previous head (head_i = keccak256(head_{i-1} || keccak256(record_i))),
 *     the contract's stored hash equals the emitted record's, and the final head equals the contract's head;
 *   - chain B: exactly one `audit` transaction carries byte-identical record bytes (anchored by hash, the bytes from
 *     the side store), spending the relay's chain B coins;
 *   - the record is signed by the relay's registered key and decodes strictly;
 *   - it agrees with chain A's record index (patient, CID, h, hash of the key capsule) and with an authorization
 *     the patient actually wrote (the re-key hash);
 *   - the body and the re-encrypted capsule it names are in storage and hash to their CIDs, and the body to h;
 *   - the scheme's own record (e.g. MedExChain's Eq. 14 proof of knowledge of rk') verifies against the registered
 *     keys of the patient and of the requester (the relay's registry), its H2(rk') is the hash chain A's
 *     authorization holds for (record, requester), and it names the C* chain A stores for the record and the C'''
 *     stored at reencCid, byte for byte (audit/scheme-capsule, audit/scheme-delivered, audit/scheme-rekey,
 *     verify/audit-*);
 *   - no two records name the same C''' (audit/replayed): W_R re-randomizes every request afresh, so a C''' and its
 *     proof served again are a replay of an earlier request;
 * plus: chain B's whole block chain (links, hashes, signatures), and every blob in the store.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { MedexError } from '../core/errors.js';
import type { SchemeAudit } from '../core/types.js';
import type { ChainA } from './chainA/contracts.js';
import { keccak, concat } from './chainA/abi.js';
import type { ChainB } from './chainB/hsd.js';
import { chainId32 } from './ids.js';
import { equal } from './parties.js';
import { decodeAuditRecord, signingBytes, TAG } from './relay/messages.js';
import { verifyNative } from './relay/native.js';
import { cidFromBytes, type BlobStore } from './storage/blobstore.js';

export interface Inconsistency {
  where: string;
  code: string;
  what: string;
}

export interface AuditReport {
  records: number;
  verified: number;
  blobs: number;
  blobsVerified: number;
  chainBBlocks: number;
  issues: Inconsistency[];
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function issue(where: string, e: unknown): Inconsistency {
  if (e instanceof MedexError) return { where, code: e.code, what: e.message };
  return { where, code: 'internal', what: e instanceof Error ? e.message : String(e) };
}

/**
 * `schemeAudit`: the scheme's own record checker (capability `audit`); when given, each record's scheme proof must
 * verify and be made with the re-encryption key the patient authorized. `chainBView`: the relay's chain B key
 * (secp256k1, compressed; its audit transactions must spend its coins), which chain B node to read (any node), and
 * `registry`: the PRE public key (codec encoding) an identity had registered at a time (the record's); without it a
 * scheme proof is checked against the keys its record names (consistency, not registration).
 */
export async function auditAll(
  chainA: ChainA,
  chainB: ChainB,
  store: BlobStore,
  relayKey: Uint8Array,
  schemeAudit?: SchemeAudit,
  chainBView: {
    relayChainKey?: Uint8Array;
    node?: number;
    registry?: (id: string, at: number) => Uint8Array | undefined;
  } = {},
): Promise<AuditReport> {
  const issues: Inconsistency[] = [];
  const node = chainBView.node ?? chainB.reader;
  for (const e of await chainB.verify(node)) issues.push(issue(e.where, e));

  // Chain B's audit transactions, by record bytes. Requests are served concurrently, so the two chains may order
  // the same records differently; each record must appear exactly once on each chain.
  const bAudits = new Map<string, string[]>();
  try {
    for await (const b of chainB.blocks(node))
      b.txs.forEach((t) => {
        if (t.kind !== 'audit') return;
        const where = `chain B block ${b.height} tx ${t.index}`;
        if (t.problem) issues.push({ where, code: 'audit/side-store', what: t.problem });
        if (chainBView.relayChainKey && t.from !== hex(chainBView.relayChainKey))
          issues.push({ where, code: 'audit/writer', what: 'audit transaction not signed by the relay' });
        if (t.problem) return;
        const same = bAudits.get(t.payload);
        if (same) same.push(where);
        else bAudits.set(t.payload, [where]);
      });
  } catch (e) {
    issues.push(issue('chain B', e));
  }

  const deployed = chainA.deployment !== null;
  const events = deployed ? await chainA.auditEvents() : [];
  const authorized = deployed ? await chainA.authorizedEvents() : [];
  let head: Uint8Array = new Uint8Array(32);
  let verified = 0;
  const servedAt = new Map<string, string>();
  for (let i = 0; i < events.length; i++) {
    const ev = events[i]!;
    const where = `chain A audit entry ${i} (block ${ev.blockNumber})`;
    const before = issues.length;
    try {
      if (ev.index !== BigInt(i)) issues.push({ where, code: 'audit/order', what: `event index ${ev.index}` });
      if (!equal(ev.prev, head)) issues.push({ where, code: 'audit/chain', what: 'does not extend the previous head' });
      const rh = keccak(ev.record);
      if (!equal(ev.head, keccak(concat(ev.prev, rh))))
        issues.push({ where, code: 'audit/chain', what: 'head is not keccak256(prev || keccak256(record))' });
      if (!equal(await chainA.auditRecordHash(BigInt(i)), rh))
        issues.push({ where, code: 'audit/stored', what: 'contract storage holds another record hash' });
      head = ev.head;

      const onB = bAudits.get(hex(ev.record));
      if (!onB?.length)
        issues.push({ where, code: 'audit/missing', what: 'no audit transaction on chain B carries this record' });
      else {
        if (onB.length > 1)
          issues.push({
            where: `${where} / ${onB.join(', ')}`,
            code: 'audit/duplicate',
            what: 'the record is on chain B more than once',
          });
        bAudits.delete(hex(ev.record));
      }

      const r = decodeAuditRecord(ev.record);
      if (!verifyNative('ed25519', relayKey, signingBytes(TAG.audit, r.body), r.sig))
        issues.push({ where, code: 'verify/audit-signature', what: 'record not signed by the relay' });
      const rec = await chainA.getRecord(r.recordId);
      if (!equal(rec.patient, chainId32(r.patient)))
        issues.push({ where, code: 'audit/index', what: `record ${r.recordId} belongs to another patient` });
      if (cidFromBytes(rec.cid) !== r.bodyCid)
        issues.push({ where, code: 'audit/index', what: `record ${r.recordId} has another CID` });
      if (!equal(rec.bodyHash, r.bodyHash))
        issues.push({ where, code: 'audit/index', what: `record ${r.recordId} has another body hash` });
      if (!equal(sha256(rec.capsule), r.capsuleHash))
        issues.push({ where, code: 'audit/index', what: `record ${r.recordId} has another key capsule` });
      const req = chainId32(r.requester);
      if (!authorized.some((a) => a.id === r.recordId && equal(a.requester, req) && equal(a.reKeyHash, r.reKeyHash)))
        issues.push({
          where,
          code: 'audit/authorization',
          what: `the patient never authorized this key for '${r.requester}' on record ${r.recordId}`,
        });
      if (r.schemeProof.length > 0) {
        if (!schemeAudit)
          issues.push({
            where,
            code: 'audit/scheme-proof',
            what: 'the record carries a scheme proof but no scheme checker was given',
          });
        else
          try {
            const reg = chainBView.registry;
            const expect = reg ? { delegator: reg(r.patient, r.time), delegatee: reg(r.requester, r.time) } : undefined;
            if (expect && (!expect.delegator || !expect.delegatee))
              issues.push({ where, code: 'audit/registry', what: 'the patient or the requester is not registered' });
            const v = schemeAudit.verify(
              r.schemeProof,
              expect && {
                ...(expect.delegator ? { delegator: expect.delegator } : {}),
                ...(expect.delegatee ? { delegatee: expect.delegatee } : {}),
              },
            );
            const reKeyHash = v.reKeyHash ?? (v.reKey ? sha256(v.reKey) : undefined);
            if (!reKeyHash || !equal(reKeyHash, r.reKeyHash))
              issues.push({
                where,
                code: 'audit/scheme-rekey',
                what: "the scheme proof is for another re-encryption key than the record's authorized H2(rk')",
              });
            // The proof must be about what was stored and served: C* byte for byte chain A's capsule of this
            // record, C''' byte for byte the blob at reencCid.
            if (v.firstLevelHash && !equal(v.firstLevelHash, sha256(rec.capsule)))
              issues.push({
                where,
                code: 'audit/scheme-capsule',
                what: `the scheme proof's C* is not chain A's capsule of record ${r.recordId}`,
              });
            if (v.reencryptedHash) {
              let served: Uint8Array | null = null;
              try {
                served = store.get(r.reencCid);
              } catch {
                // reported below, where the blob is read for its own check
              }
              if (served && !equal(v.reencryptedHash, sha256(served)))
                issues.push({
                  where,
                  code: 'audit/scheme-delivered',
                  what: `the scheme proof's C''' is not the blob at ${r.reencCid}`,
                });
            }
          } catch (e) {
            issues.push(issue(`${where} (scheme proof)`, e));
          }
      }
      try {
        const body = store.get(r.bodyCid);
        if (!equal(sha256(body), r.bodyHash))
          issues.push({ where, code: 'integrity', what: 'body does not hash to h' });
      } catch (e) {
        issues.push(issue(where, e));
      }
      try {
        store.get(r.reencCid);
      } catch (e) {
        issues.push(issue(where, e));
      }
      const earlier = servedAt.get(r.reencCid);
      if (earlier)
        issues.push({ where, code: 'audit/replayed', what: `serves the C''' (and its proof) of ${earlier} again` });
      else servedAt.set(r.reencCid, where);
    } catch (e) {
      issues.push(issue(where, e));
    }
    if (issues.length === before) verified++;
  }
  if (deployed) {
    try {
      if (!equal(await chainA.auditHead(), head))
        issues.push({
          where: 'chain A audit head',
          code: 'audit/chain',
          what: 'contract head differs from the recomputed chain',
        });
      if ((await chainA.auditCount()) !== BigInt(events.length))
        issues.push({ where: 'chain A audit count', code: 'audit/chain', what: 'count differs from the events' });
    } catch (e) {
      issues.push(issue('chain A audit log', e));
    }
  }
  for (const wheres of bAudits.values())
    for (const w of wheres)
      issues.push({ where: w, code: 'audit/missing', what: 'audit transaction on chain B with no entry on chain A' });

  let blobsVerified = 0;
  const names = store.list();
  for (const cid of names) {
    try {
      store.get(cid);
      blobsVerified++;
    } catch (e) {
      issues.push(issue(`blob ${cid}`, e));
    }
  }
  return {
    records: events.length,
    verified,
    blobs: names.length,
    blobsVerified,
    chainBBlocks: chainB.height(node),
    issues,
  };
}
