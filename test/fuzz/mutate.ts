// Mutations for property-based fuzzing: what damage does to a file (bit flips, bytes
// overwritten, cuts, insertions, repeats, and forged 32-bit lengths, which are what pcap and
// pcapng parsers trust most). An arbitrary of functions, so fast-check can shrink a failure.
import fc from 'fast-check';

type Mutation = (b: Uint8Array) => Uint8Array;

const at = (b: Uint8Array, f: number): number => (b.length === 0 ? 0 : Math.floor(f * b.length) % b.length);

const one: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 7 })).map(([f, bit]): Mutation => (b) => {
    const c = Uint8Array.from(b);
    if (c.length > 0) c[at(c, f)]! ^= 1 << bit;
    return c;
  }),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.uint8Array({ minLength: 1, maxLength: 16 })).map(([f, bytes]): Mutation => (b) => {
    const c = Uint8Array.from(b);
    c.set(bytes.subarray(0, Math.max(0, c.length - at(c, f))), at(c, f));
    return c;
  }),
  fc.double({ min: 0, max: 1, noNaN: true }).map((f): Mutation => (b) => b.slice(0, at(b, f))),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.uint8Array({ maxLength: 64 })).map(([f, bytes]): Mutation => (b) => {
    const i = at(b, f);
    return Uint8Array.from([...b.subarray(0, i), ...bytes, ...b.subarray(i)]);
  }),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 256 })).map(([f, n]): Mutation => (b) => {
    const i = at(b, f);
    return Uint8Array.from([...b.subarray(0, i + n), ...b.subarray(i)]);
  }),
  fc
    .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1, 11, 12, 0xffff, 0x100000, 0x7ffffffc, 0xfffffffc, 0xffffffff), fc.boolean())
    .map(([f, value, le]): Mutation => (b) => {
      const c = Uint8Array.from(b);
      const i = at(c, f) & ~3;
      if (i + 4 <= c.length) new DataView(c.buffer).setUint32(i, value, le);
      return c;
    }),
);

/** One to five mutations applied in turn. */
export function mutated(): fc.Arbitrary<Mutation> {
  return fc.array(one, { minLength: 1, maxLength: 5 }).map((ms): Mutation => (b) => ms.reduce((acc, m) => m(acc), b));
}

/** The same for text: mutate its UTF-8 bytes, decode them back (invalid sequences become U+FFFD). */
export function mutatedText(): fc.Arbitrary<(s: string) => string> {
  return mutated().map((m) => (s: string) => Buffer.from(m(Buffer.from(s, 'utf8'))).toString('utf8'));
}
