/**
 * The JSON text of stored objects, encoded once. Stored objects are frozen and replaced, never
 * mutated, so a stored object (one resourceVersion of one object) always encodes the same: its
 * UTF-8 JSON is kept in a WeakMap keyed by the object (forgotten with it) and reused by every
 * list, get and watch event that sends it. A list body is written as the cached buffers
 * themselves (no copy into one big buffer: a 25 MiB allocation per list brings V8's external
 * memory pressure GCs); a watch line is built once per event and written to every watcher.
 */
import type { ServerResponse } from 'node:http';
import type { KubeObject } from '../store/types.js';

/** `,` + the object's JSON: list items are written as they are, the first one without its comma. */
const commaJsonOfStored = new WeakMap<object, Buffer>();

function commaJson(obj: KubeObject): Buffer {
  if (!Object.isFrozen(obj)) return Buffer.from(`,${JSON.stringify(obj)}`);
  let json = commaJsonOfStored.get(obj);
  if (json === undefined) {
    json = Buffer.from(`,${JSON.stringify(obj)}`);
    commaJsonOfStored.set(obj, json);
  }
  return json;
}

/** `,` + the object's JSON without `apiVersion` and `kind`, as built-in list items are sent. */
const commaBareJsonOfStored = new WeakMap<object, Buffer>();

function commaBareJson(obj: KubeObject): Buffer {
  const encode = () => {
    const { apiVersion: _a, kind: _k, ...rest } = obj;
    return Buffer.from(`,${JSON.stringify(rest)}`);
  };
  if (!Object.isFrozen(obj)) return encode();
  let json = commaBareJsonOfStored.get(obj);
  if (json === undefined) {
    json = encode();
    commaBareJsonOfStored.set(obj, json);
  }
  return json;
}

/** A list item without `apiVersion` and `kind`: the apiserver leaves them out of built-in lists. */
export function withoutTypeMeta(obj: KubeObject): Omit<KubeObject, 'apiVersion' | 'kind'> {
  const { apiVersion: _a, kind: _k, ...rest } = obj;
  return rest;
}

/** The compact UTF-8 JSON of an object; cached when the object is frozen (a stored object). */
export function objectJson(obj: KubeObject): Buffer {
  return commaJson(obj).subarray(1);
}

const jsonHeaders = (length: number) => ({
  'Content-Type': 'application/json',
  'Cache-Control': 'no-cache, private',
  'Content-Length': String(length),
});

/** Send one object (`JSON.stringify(obj) + '\n'`, as `sendJson` writes it) from the cache. */
export function sendObjectJson(res: ServerResponse, code: number, obj: KubeObject): void {
  const json = objectJson(obj);
  res.writeHead(code, jsonHeaders(json.length + 1));
  res.cork();
  res.write(json);
  res.end(NEWLINE);
  res.uncork();
}

/**
 * Send a `…List` body — byte for byte `JSON.stringify(list) + '\n'` — from the items' cached JSON.
 * With `bareItems` the items go without `apiVersion` and `kind`, as the apiserver sends built-in
 * lists (custom resources keep theirs).
 */
export function sendListJson(
  res: ServerResponse,
  list: { kind: string; apiVersion: string; metadata: Record<string, unknown>; items: KubeObject[] },
  bareItems = false,
): void {
  const head = Buffer.from(
    `{"kind":${JSON.stringify(list.kind)},"apiVersion":${JSON.stringify(list.apiVersion)},"metadata":${JSON.stringify(list.metadata)},"items":[`,
  );
  const items = list.items.map(bareItems ? commaBareJson : commaJson);
  let length = head.length + LIST_TAIL.length - (items.length > 0 ? 1 : 0);
  for (const json of items) length += json.length;
  res.writeHead(200, jsonHeaders(length));
  // One writev of the headers, the head and every item.
  res.cork();
  res.write(head);
  for (let i = 0; i < items.length; i++) res.write(i === 0 ? items[i]!.subarray(1) : items[i]!);
  res.end(LIST_TAIL);
  res.uncork();
}

const linesOfStored = new WeakMap<object, Partial<Record<string, Buffer>>>();

/**
 * One watch event line (`JSON.stringify({ type, object }) + '\n'`). For a stored object the line
 * is built once and shared by every watcher that sends it.
 */
export function watchEventLine(type: string, object: KubeObject): Buffer {
  const frozen = Object.isFrozen(object);
  let lines = frozen ? linesOfStored.get(object) : undefined;
  let line = lines?.[type];
  if (line) return line;
  line = Buffer.concat([
    Buffer.from(`{"type":${JSON.stringify(type)},"object":`),
    objectJson(object),
    LINE_TAIL,
  ]);
  if (frozen) {
    if (!lines) linesOfStored.set(object, (lines = {}));
    lines[type] = line;
  }
  return line;
}

const NEWLINE = Buffer.from('\n');
const LIST_TAIL = Buffer.from(']}\n');
const LINE_TAIL = Buffer.from('}\n');
