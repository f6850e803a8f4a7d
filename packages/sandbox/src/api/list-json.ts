/**
 * List responses are most of the sandbox's outgoing bytes. Stored objects are frozen and replaced,
 * never mutated, so each one's JSON text can be computed once and reused by every list (and watch)
 * that sends it: a WeakMap keyed by the stored object forgets the text with the object.
 */
import type { ServerResponse } from 'node:http';
import type { KubeObject } from '../store/types.js';

const jsonOfFrozen = new WeakMap<object, string>();

/** The compact JSON text of an object, cached when the object is frozen (a stored object). */
export function objectJson(obj: KubeObject): string {
  if (!Object.isFrozen(obj)) return JSON.stringify(obj);
  let text = jsonOfFrozen.get(obj);
  if (text === undefined) {
    text = JSON.stringify(obj);
    jsonOfFrozen.set(obj, text);
  }
  return text;
}

/** Send a `…List` body, serializing items through the per-object cache. */
export function sendListJson(
  res: ServerResponse,
  list: { kind: string; apiVersion: string; metadata: Record<string, unknown>; items: KubeObject[] },
): void {
  const head = `{"kind":${JSON.stringify(list.kind)},"apiVersion":${JSON.stringify(list.apiVersion)},"metadata":${JSON.stringify(list.metadata)},"items":[`;
  const body = `${head}${list.items.map(objectJson).join(',')}]}\n`;
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  res.end(body);
}
