/**
 * Typed arrays and a small JSON header as one byte string, for the shards, blocks and partial
 * lists a run keeps in the database: a magic, the header's length, the header (names, types,
 * offsets), then each array 8-byte aligned so that decoding is a view, not a parse.
 */
import { fail } from "../../errors.js";

type Typed = Uint32Array | Int32Array | Float32Array | Float64Array;
const TYPES = { Uint32Array, Int32Array, Float32Array, Float64Array } as const;
type TypeName = keyof typeof TYPES;
const MAGIC = "ALSOBLOB";

/** Encodes `arrays` and `meta` (any JSON) into one buffer. */
export function encodeBlob(meta: unknown, arrays: Record<string, Typed>): Buffer {
  const entries: { name: string; type: TypeName; offset: number; length: number }[] = [];
  let offset = 0;
  for (const [name, a] of Object.entries(arrays)) {
    entries.push({ name, type: a.constructor.name as TypeName, offset, length: a.length });
    offset += Math.ceil(a.byteLength / 8) * 8;
  }
  const header = Buffer.from(JSON.stringify({ meta, arrays: entries }), "utf8");
  const start = Math.ceil((12 + header.length) / 8) * 8;
  const out = Buffer.alloc(start + offset);
  out.write(MAGIC, 0, "latin1");
  out.writeUInt32LE(header.length, 8);
  header.copy(out, 12);
  for (const e of entries) {
    const a = arrays[e.name] as Typed;
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(out, start + e.offset);
  }
  return out;
}

/**
 * Decodes a buffer made by `encodeBlob` (copied once into aligned memory).
 * @throws {RecommenderError} `DATABASE_ERROR` naming `what` when the bytes are not such a blob
 */
export function decodeBlob<M>(bytes: Uint8Array, what: string): { meta: M; arrays: Record<string, Typed> } {
  const bad = (why: string) => fail("DATABASE_ERROR", `Reading ${what}`, why);
  if (bytes.length < 12 || Buffer.from(bytes.buffer, bytes.byteOffset, 8).toString("latin1") !== MAGIC) throw bad("not an alsolike blob");
  const buf = new ArrayBuffer(bytes.length);
  new Uint8Array(buf).set(bytes);
  const view = Buffer.from(buf);
  const headerLength = view.readUInt32LE(8);
  if (12 + headerLength > bytes.length) throw bad("truncated header");
  let header: { meta: M; arrays: { name: string; type: TypeName; offset: number; length: number }[] };
  try {
    header = JSON.parse(view.toString("utf8", 12, 12 + headerLength));
  } catch {
    throw bad("corrupt header");
  }
  const start = Math.ceil((12 + headerLength) / 8) * 8;
  const arrays: Record<string, Typed> = {};
  for (const e of header.arrays) {
    const Ctor = TYPES[e.type];
    if (Ctor === undefined || start + e.offset + e.length * Ctor.BYTES_PER_ELEMENT > bytes.length) throw bad(`array ${JSON.stringify(e.name)} out of bounds`);
    arrays[e.name] = new Ctor(buf, start + e.offset, e.length);
  }
  return { meta: header.meta, arrays };
}
