// An open-addressing hash table from a 4-word numeric key (two IPv4 addresses, the two
// ports packed in one word, the IP protocol) to a small integer index.
//
// Why not a Map: a conversation key is 104 bits, which does not fit a JS number, and a
// string key would allocate on every packet of the hot path. Keys live in one Uint32Array,
// values in an Int32Array; a lookup hashes four integers and compares four integers.

const EMPTY = -1;

export class FlowTable {
  private keys: Uint32Array;
  private values: Int32Array;
  private mask: number;
  private count = 0;
  /** Slot where the last missed lookup would insert (valid until the next lookup or insert). */
  private missSlot = 0;

  constructor(initialSlots = 1024) {
    let slots = 16;
    while (slots < initialSlots) slots *= 2;
    this.keys = new Uint32Array(slots * 4);
    this.values = new Int32Array(slots).fill(EMPTY);
    this.mask = slots - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The value stored for the key, or -1; on a miss remembers the slot for `insertAfterMiss`. */
  lookup(k0: number, k1: number, k2: number, k3: number): number {
    const keys = this.keys;
    const values = this.values;
    const mask = this.mask;
    let slot = hash(k0, k1, k2, k3) & mask;
    for (;;) {
      const v = values[slot]!;
      if (v === EMPTY) {
        this.missSlot = slot;
        return EMPTY;
      }
      const k = slot << 2;
      if (keys[k] === k0 && keys[k + 1] === k1 && keys[k + 2] === k2 && keys[k + 3] === k3) return v;
      slot = (slot + 1) & mask;
    }
  }

  /** Inserts a key that the immediately preceding `lookup` did not find. */
  insertAfterMiss(k0: number, k1: number, k2: number, k3: number, value: number): void {
    const k = this.missSlot << 2;
    this.keys[k] = k0;
    this.keys[k + 1] = k1;
    this.keys[k + 2] = k2;
    this.keys[k + 3] = k3;
    this.values[this.missSlot] = value;
    this.count++;
    if (this.count * 2 > this.mask + 1) this.grow();
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    const slots = (this.mask + 1) * 2;
    this.keys = new Uint32Array(slots * 4);
    this.values = new Int32Array(slots).fill(EMPTY);
    this.mask = slots - 1;
    for (let s = 0; s < oldValues.length; s++) {
      const v = oldValues[s]!;
      if (v === EMPTY) continue;
      const k = s << 2;
      const k0 = oldKeys[k]!;
      const k1 = oldKeys[k + 1]!;
      const k2 = oldKeys[k + 2]!;
      const k3 = oldKeys[k + 3]!;
      let slot = hash(k0, k1, k2, k3) & this.mask;
      while (this.values[slot] !== EMPTY) slot = (slot + 1) & this.mask;
      const n = slot << 2;
      this.keys[n] = k0;
      this.keys[n + 1] = k1;
      this.keys[n + 2] = k2;
      this.keys[n + 3] = k3;
      this.values[slot] = v;
    }
  }
}

function hash(k0: number, k1: number, k2: number, k3: number): number {
  let h = Math.imul(k0 ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ k1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16) ^ k2, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ k3, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
