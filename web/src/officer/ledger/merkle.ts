// Verification of the ledger in the browser, with WebCrypto only: RFC 9162 leaf hashes and
// inclusion proofs, and the C2SP signed-note checkpoint (Ed25519) they lead to.

/** Bytes backed by a plain ArrayBuffer, as WebCrypto takes them. */
export type Bytes = Uint8Array<ArrayBuffer>;

export function base64ToBytes(b64: string): Bytes {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export const bytesToBase64 = (b: Bytes) => btoa(String.fromCharCode(...b));

function concat(...parts: Bytes[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

async function sha256(data: Bytes): Promise<Bytes> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', data));
}

const LEAF = new Uint8Array([0]);
const NODE = new Uint8Array([1]);

/** RFC 9162 §2.1.1: the hash of a leaf is SHA-256(0x00 || data). */
export const leafHash = (data: Bytes) => sha256(concat(LEAF, data));
const nodeHash = (left: Bytes, right: Bytes) => sha256(concat(NODE, left, right));

/** RFC 9162 §2.1.3.2: the root the audit path leads to, or null when the path is malformed. */
export async function rootFromInclusionProof(index: number, size: number, leaf: Bytes, path: Bytes[]): Promise<Bytes | null> {
  if (index >= size) return null;
  // Tree sizes fit in 2^53; BigInt keeps the shifts exact beyond 2^31.
  let fn = BigInt(index);
  let sn = BigInt(size - 1);
  let r = leaf;
  for (const p of path) {
    if (sn === 0n) return null;
    if ((fn & 1n) === 1n || fn === sn) {
      r = await nodeHash(p, r);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n ? r : null;
}

export const equalBytes = (a: Bytes, b: Bytes) => a.length === b.length && a.every((x, i) => x === b[i]);

export interface Checkpoint {
  origin: string;
  size: number;
  root: Bytes;
  /** The signed part: the lines before the blank line, each ending in a newline. */
  body: string;
  signatures: { name: string; sig: Bytes }[];
}

export function parseCheckpoint(note: string): Checkpoint {
  const split = note.indexOf('\n\n');
  if (split < 0) throw new Error('checkpoint: no signature block');
  const body = note.slice(0, split + 1);
  const [origin = '', size = '', root = ''] = body.split('\n');
  const signatures = note
    .slice(split + 2)
    .split('\n')
    .filter((l) => l.startsWith('— '))
    .map((l) => {
      const [, name = '', sig = ''] = l.split(' ');
      return { name, sig: base64ToBytes(sig) };
    });
  return { origin, size: Number(size), root: base64ToBytes(root), body, signatures };
}

export type SignatureCheck = 'ok' | 'bad' | 'unsupported';

/** Checks the note's signature by the verifier key `<name>+<hex key id>+<base64(0x01 || pubkey)>`. */
export async function verifyCheckpointSignature(cp: Checkpoint, verifierKey: string): Promise<SignatureCheck> {
  // The base64 key may itself contain '+': only the first two separate the parts.
  const m = /^([^+]+)\+([0-9a-f]{8})\+(\S+)$/.exec(verifierKey.trim());
  if (!m) return 'bad';
  const [, name, keyId, keyB64] = m as unknown as [string, string, string, string];
  const key = base64ToBytes(keyB64);
  if (key.length !== 33 || key[0] !== 0x01) return 'bad';
  const idBytes = new Uint8Array(keyId.match(/../g)?.map((h) => parseInt(h, 16)) ?? []);
  // A signature line is the key id (4 bytes) then the Ed25519 signature (64 bytes).
  const line = cp.signatures.find((s) => s.name === name && s.sig.length === 68 && equalBytes(s.sig.slice(0, 4), idBytes));
  if (!line) return 'bad';
  try {
    const pub = await crypto.subtle.importKey('raw', key.slice(1), { name: 'Ed25519' }, false, ['verify']);
    const ok = await crypto.subtle.verify({ name: 'Ed25519' }, pub, line.sig.slice(4), new TextEncoder().encode(cp.body));
    return ok ? 'ok' : 'bad';
  } catch (e) {
    if (e instanceof DOMException && (e.name === 'NotSupportedError' || e.name === 'DataError')) return 'unsupported';
    throw e;
  }
}
