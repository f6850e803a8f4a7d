/**
 * Decoding of `application/vnd.kubernetes.protobuf` request bodies into the JSON form of the
 * object: the `k8s\0` magic, the runtime.Unknown envelope (typeMeta, raw, contentEncoding,
 * contentType), then the typed message read with the field table of {@link MESSAGES}.
 */
import { MESSAGES, ROOTS } from './schema.js';
import { WireError, WireReader, WireType } from './wire.js';

/** The four bytes that start every Kubernetes protobuf body. */
export const PROTOBUF_MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** Why a protobuf body cannot be decoded: `unsupported` (no table for the kind) or `malformed`. */
export class ProtobufDecodeError extends Error {
  constructor(
    readonly reason: 'unsupported' | 'malformed',
    message: string,
  ) {
    super(message);
  }
}

interface FieldSpec {
  name: string;
  /** '' string, i, b, y, d, a message name, or a map `{T}`. */
  type: string;
  repeated: boolean;
  inline: boolean;
  keepZero: boolean;
}

type Json = Record<string, unknown>;

const parsed = new Map<string, Map<number, FieldSpec>>();
const FIELD = /^(\w+)=(\d+)(?::([\w{}]+))?(\*?)(\^?)(!?)$/;

function fieldsOf(message: string): Map<number, FieldSpec> {
  let table = parsed.get(message);
  if (table) return table;
  const line = MESSAGES[message];
  if (line === undefined) throw new Error(`no protobuf table for ${message}`);
  table = new Map();
  for (const token of line.split(' ').filter(Boolean)) {
    const m = FIELD.exec(token);
    if (!m) throw new Error(`bad protobuf table entry ${message}: ${token}`);
    table.set(Number(m[2]), { name: m[1]!, type: m[3] ?? '', repeated: m[4] === '*', inline: m[5] === '^', keepZero: m[6] === '!' });
  }
  parsed.set(message, table);
  return table;
}

/** The message of a kind, or undefined when the sandbox has no table for it. */
export function messageOfKind(apiVersion: string, kind: string): string | undefined {
  return ROOTS[`${apiVersion}/${kind}`] ?? ROOTS[`*/${kind}`];
}

/** True when `body` starts with the Kubernetes protobuf magic. */
export function hasProtobufMagic(body: Uint8Array): boolean {
  return body.length >= 4 && PROTOBUF_MAGIC.equals(body.subarray(0, 4));
}

/**
 * Decodes a protobuf body into a JSON object with `apiVersion` and `kind` from its envelope.
 * Throws {@link ProtobufDecodeError}.
 */
export function decodeProtobufObject(body: Uint8Array): Json {
  if (!hasProtobufMagic(body)) throw new ProtobufDecodeError('malformed', 'provided object is not a Kubernetes protobuf object: missing "k8s\\x00" prefix');
  let envelope: Json;
  try {
    envelope = decodeMessage(body.subarray(4), 'Unknown');
  } catch (e) {
    throw malformed(e);
  }
  const typeMeta = (envelope.typeMeta ?? {}) as { apiVersion?: string; kind?: string };
  const apiVersion = typeMeta.apiVersion ?? '';
  const kind = typeMeta.kind ?? '';
  if (envelope.contentEncoding) throw new ProtobufDecodeError('unsupported', `unsupported content encoding ${String(envelope.contentEncoding)}`);
  const message = messageOfKind(apiVersion, kind);
  if (!message) throw new ProtobufDecodeError('unsupported', `no protobuf decoding for ${apiVersion}/${kind}`);
  const raw = Buffer.from(String(envelope.raw ?? ''), 'base64');
  let object: Json;
  try {
    object = decodeMessage(raw, message);
  } catch (e) {
    throw malformed(e);
  }
  return { apiVersion, kind, ...object };
}

function malformed(e: unknown): ProtobufDecodeError {
  if (e instanceof ProtobufDecodeError) return e;
  const why = e instanceof WireError ? e.message : String((e as Error).message ?? e);
  return new ProtobufDecodeError('malformed', `proto: ${why}`);
}

/** Decodes one message of the named type. */
export function decodeMessage(bytes: Uint8Array, message: string): Json {
  const fields = fieldsOf(message);
  const reader = new WireReader(bytes);
  const out: Json = {};
  while (!reader.done()) {
    const { field, wire } = reader.tag();
    const spec = fields.get(field);
    if (!spec) {
      reader.skip(wire);
      continue;
    }
    if (spec.type.startsWith('{')) {
      if (wire !== WireType.bytes) throw new WireError(`bad wireType ${wire} for map field ${spec.name}`);
      const [key, value] = mapEntry(reader.bytes(), spec.type.slice(1, -1));
      ((out[spec.name] ??= {}) as Json)[key] = value;
      continue;
    }
    if (spec.repeated && wire === WireType.bytes && isPackable(spec.type)) {
      const packed = new WireReader(reader.bytes());
      const list = (out[spec.name] ??= []) as unknown[];
      while (!packed.done()) list.push(scalar(packed, spec.type, scalarWire(spec.type)));
      continue;
    }
    const value = readValue(reader, spec.type, wire);
    if (spec.repeated) ((out[spec.name] ??= []) as unknown[]).push(value);
    else if (spec.inline && value && typeof value === 'object') Object.assign(out, value);
    else if (value !== undefined && (spec.keepZero || !isZero(value))) out[spec.name] = value;
  }
  return out;
}

function isPackable(type: string): boolean {
  return type === 'i' || type === 'b' || type === 'd';
}

function scalarWire(type: string): number {
  return type === 'd' ? WireType.fixed64 : WireType.varint;
}

function isZero(value: unknown): boolean {
  return value === '' || value === 0 || value === false || value === null;
}

function mapEntry(bytes: Uint8Array, valueType: string): [string, unknown] {
  const reader = new WireReader(bytes);
  let key = '';
  let value: unknown = valueType === 's' ? '' : undefined;
  while (!reader.done()) {
    const { field, wire } = reader.tag();
    if (field === 1) key = Buffer.from(reader.bytes()).toString('utf8');
    else if (field === 2) value = readValue(reader, valueType === 's' ? '' : valueType, wire);
    else reader.skip(wire);
  }
  if (value === undefined) value = valueType === 'y' ? '' : valueType === 'i' ? 0 : valueType === 'b' ? false : valueType === 'd' ? 0 : {};
  return [key, value];
}

function readValue(reader: WireReader, type: string, wire: number): unknown {
  if (type === '' || type === 'y' || !isPackable(type)) {
    if (wire !== WireType.bytes) throw new WireError(`bad wireType ${wire} for a length-delimited field`);
    const bytes = reader.bytes();
    if (type === '') return Buffer.from(bytes).toString('utf8');
    if (type === 'y') return Buffer.from(bytes).toString('base64');
    return SPECIALS.has(type) ? special(bytes, type) : decodeMessage(bytes, type);
  }
  return scalar(reader, type, wire);
}

function scalar(reader: WireReader, type: string, wire: number): unknown {
  if (type === 'd') {
    if (wire !== WireType.fixed64) throw new WireError(`bad wireType ${wire} for a double`);
    return reader.double();
  }
  if (wire !== WireType.varint) throw new WireError(`bad wireType ${wire} for a varint`);
  return type === 'b' ? reader.varint() !== 0n : reader.int();
}

/** Go's zero time.Time (0001-01-01T00:00:00Z) in Unix seconds: encoded when a Time is unset. */
const ZERO_TIME_SECONDS = -62135596800;

const SPECIALS = new Set(['Time', 'MicroTime', 'Quantity', 'IntOrString', 'Duration', 'FieldsV1', 'RawExtension', 'ExtraValue']);

/** The JSON form of apimachinery's special messages (null for an unset time). */
function special(bytes: Uint8Array, type: string): unknown {
  switch (type) {
    case 'Time':
    case 'MicroTime': {
      const t = decodeInline(bytes, { 1: 'i', 2: 'i' });
      const seconds = (t[1] as number | undefined) ?? 0;
      const nanos = (t[2] as number | undefined) ?? 0;
      if ((seconds === 0 && nanos === 0) || seconds <= ZERO_TIME_SECONDS) return null;
      const iso = new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, '');
      return type === 'Time' ? `${iso}Z` : `${iso}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z`;
    }
    case 'Quantity':
      return String(decodeInline(bytes, { 1: '' })[1] ?? '0');
    case 'IntOrString': {
      const v = decodeInline(bytes, { 1: 'i', 2: 'i', 3: '' });
      return v[1] === 1 ? (v[3] ?? '') : (v[2] ?? 0);
    }
    case 'Duration':
      return goDuration((decodeInline(bytes, { 1: 'i' })[1] as number | undefined) ?? 0);
    case 'FieldsV1':
    case 'RawExtension': {
      const raw = decodeInline(bytes, { 1: 'y' })[1] as string | undefined;
      if (!raw) return {};
      const text = Buffer.from(raw, 'base64').toString('utf8');
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
    }
    case 'ExtraValue':
      // authorization/v1 ExtraValue is a []string in JSON.
      return (decodeMessage(bytes, type).items as unknown[] | undefined) ?? [];
    default:
      return undefined;
  }
}

/** Reads a small fixed message into field number → value. */
function decodeInline(bytes: Uint8Array, types: Record<number, string>): Record<number, unknown> {
  const reader = new WireReader(bytes);
  const out: Record<number, unknown> = {};
  while (!reader.done()) {
    const { field, wire } = reader.tag();
    const type = types[field];
    if (type === undefined) reader.skip(wire);
    else out[field] = readValue(reader, type, wire);
  }
  return out;
}

/** A nanosecond count as Go's `time.Duration.String()` ("1h2m3s", "500ms"). */
function goDuration(nanos: number): string {
  if (nanos === 0) return '0s';
  const sign = nanos < 0 ? '-' : '';
  let n = Math.abs(nanos);
  if (n < 1e9) {
    if (n < 1e3) return `${sign}${n}ns`;
    if (n < 1e6) return `${sign}${n / 1e3}µs`;
    return `${sign}${n / 1e6}ms`;
  }
  const h = Math.floor(n / 3.6e12);
  n -= h * 3.6e12;
  const m = Math.floor(n / 6e10);
  n -= m * 6e10;
  const s = n / 1e9;
  return `${sign}${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`;
}
