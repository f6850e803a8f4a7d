/**
 * A minimal protocol-buffers wire reader: tags, varints, fixed 32/64-bit values and
 * length-delimited slices — what decoding Kubernetes' protobuf bodies needs, nothing more.
 */

/** Wire types of the protobuf encoding. */
export const WireType = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;

/** Raised on a truncated or malformed message. */
export class WireError extends Error {}

/** Reads one message's fields from `buf[start, end)`. */
export class WireReader {
  private pos: number;

  constructor(
    private readonly buf: Uint8Array,
    start = 0,
    private readonly end = buf.length,
  ) {
    this.pos = start;
  }

  /** True when every field has been read. */
  done(): boolean {
    return this.pos >= this.end;
  }

  /** The next field's number and wire type. */
  tag(): { field: number; wire: number } {
    const key = Number(this.varint());
    return { field: key >>> 3, wire: key & 7 };
  }

  /** A varint as an unsigned 64-bit BigInt. */
  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.pos >= this.end) throw new WireError('unexpected EOF');
      const b = this.buf[this.pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asUintN(64, result);
    }
    throw new WireError('integer overflow');
  }

  /** A varint read as a signed 64-bit integer (int32/int64 fields), as a number. */
  int(): number {
    return Number(BigInt.asIntN(64, this.varint()));
  }

  /** A length-delimited field's bytes (a view, not a copy). */
  bytes(): Uint8Array {
    const length = Number(this.varint());
    if (length < 0 || this.pos + length > this.end) throw new WireError('unexpected EOF');
    const out = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  /** A little-endian double (wire type fixed64). */
  double(): number {
    if (this.pos + 8 > this.end) throw new WireError('unexpected EOF');
    const value = Buffer.from(this.buf.buffer, this.buf.byteOffset + this.pos, 8).readDoubleLE(0);
    this.pos += 8;
    return value;
  }

  /** Skips a field of the given wire type. */
  skip(wire: number): void {
    if (wire === WireType.varint) this.varint();
    else if (wire === WireType.bytes) this.bytes();
    else if (wire === WireType.fixed64) this.advance(8);
    else if (wire === WireType.fixed32) this.advance(4);
    else throw new WireError(`illegal wireType ${wire}`);
  }

  private advance(n: number): void {
    if (this.pos + n > this.end) throw new WireError('unexpected EOF');
    this.pos += n;
  }
}
