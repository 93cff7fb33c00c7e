// Puts field values into bytes and reads them back using a RecordLayout from
// the layout engine, honoring the ABI's byte order and its bitfield allocation
// (big-endian ABIs allocate bitfields from the most significant bit).

import type { FieldLayout, RecordLayout } from '../layout/types';

export type Endian = 'little' | 'big';

/** Writes each named value into a zeroed buffer of the record's size; unknown names are ignored.
 *  A value wider than its field throws ValueDoesNotFit: truncating it would show a wrong value. */
export function encodeRecord(
  layout: RecordLayout,
  endian: Endian,
  values: Record<string, bigint>,
): Uint8Array {
  const bytes = new Uint8Array(layout.size);
  for (const field of layout.fields) {
    const value = values[field.name];
    if (value === undefined) continue;
    const bits = field.bitSize ?? (field.size ?? 0) * 8;
    if (value < 0n || value >= 1n << BigInt(bits)) {
      throw new ValueDoesNotFit(
        `value 0x${value.toString(16)} for '${field.name}' does not fit in its ${bits}-bit field of struct ${layout.name}`,
      );
    }
    writeField(bytes, field, endian, value);
  }
  return bytes;
}

export class ValueDoesNotFit extends RangeError {}

/** Every named scalar field of the record, read from bytes. */
export function decodeRecord(
  layout: RecordLayout,
  endian: Endian,
  bytes: Uint8Array,
): Record<string, bigint> {
  const out: Record<string, bigint> = {};
  for (const field of layout.fields) {
    if (field.size === null || field.size > 8) continue;
    if (field.offset + field.size > bytes.length) continue;
    out[field.name] = readField(bytes, field, endian);
  }
  return out;
}

export function writeField(bytes: Uint8Array, field: FieldLayout, endian: Endian, value: bigint): void {
  if (field.bitSize !== undefined && field.bitOffset !== undefined) {
    const mask = (1n << BigInt(field.bitSize)) - 1n;
    for (let i = 0; i < field.bitSize; i++) {
      // Bit i of the value (0 = least significant) goes to allocation position pos.
      const pos = endian === 'big' ? field.bitOffset + field.bitSize - 1 - i : field.bitOffset + i;
      setBit(bytes, pos, endian, ((value & mask) >> BigInt(i)) & 1n);
    }
    return;
  }
  const size = field.size ?? 0;
  for (let i = 0; i < size; i++) {
    const shift = BigInt(8 * (endian === 'big' ? size - 1 - i : i));
    bytes[field.offset + i] = Number((value >> shift) & 0xffn);
  }
}

export function readField(bytes: Uint8Array, field: FieldLayout, endian: Endian): bigint {
  if (field.bitSize !== undefined && field.bitOffset !== undefined) {
    let value = 0n;
    for (let i = 0; i < field.bitSize; i++) {
      const pos = endian === 'big' ? field.bitOffset + field.bitSize - 1 - i : field.bitOffset + i;
      value |= getBit(bytes, pos, endian) << BigInt(i);
    }
    return value;
  }
  const size = field.size ?? 0;
  let value = 0n;
  for (let i = 0; i < size; i++) {
    const shift = BigInt(8 * (endian === 'big' ? size - 1 - i : i));
    value |= BigInt(bytes[field.offset + i] ?? 0) << shift;
  }
  return value;
}

/** Allocation position p: byte p/8; within it, MSB-first on big-endian, LSB-first on little-endian. */
function bitIndex(pos: number, endian: Endian): { byte: number; bit: number } {
  const within = pos % 8;
  return { byte: Math.floor(pos / 8), bit: endian === 'big' ? 7 - within : within };
}

function setBit(bytes: Uint8Array, pos: number, endian: Endian, one: bigint): void {
  const { byte, bit } = bitIndex(pos, endian);
  if (one) bytes[byte] |= 1 << bit;
  else bytes[byte] &= ~(1 << bit) & 0xff;
}

function getBit(bytes: Uint8Array, pos: number, endian: Endian): bigint {
  const { byte, bit } = bitIndex(pos, endian);
  return BigInt(((bytes[byte] ?? 0) >> bit) & 1);
}

export function toHex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}
