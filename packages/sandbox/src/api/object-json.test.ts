import type { ServerResponse } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { deepFreeze } from '../store/buckets.js';
import type { KubeObject } from '../store/types.js';
import { objectJson, sendListJson, sendObjectJson, watchEventLine } from './object-json.js';

/** A ServerResponse that keeps what is written. */
function response() {
  const sent = { code: 0, headers: {} as Record<string, string>, body: '' };
  const chunks: Buffer[] = [];
  const res = {
    writeHead(code: number, headers: Record<string, string>) {
      sent.code = code;
      sent.headers = headers;
      return res;
    },
    cork() {},
    uncork() {},
    write(chunk: Buffer) {
      chunks.push(chunk);
      return true;
    },
    end(chunk: Buffer) {
      chunks.push(chunk);
      sent.body = Buffer.concat(chunks).toString('utf8');
    },
  };
  return { res: res as unknown as ServerResponse, sent };
}

const cm = (name: string, value: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default', resourceVersion: '7' },
  data: { value },
});

describe('cached object JSON', () => {
  it('sends a list byte for byte as JSON.stringify would, multi-byte text and continue tokens included', () => {
    const items = [deepFreeze(cm('a', 'plain')), deepFreeze(cm('b', 'ünïcødé ✓ 🚢')), cm('c', 'not frozen')];
    const list = {
      kind: 'ConfigMapList',
      apiVersion: 'v1',
      metadata: { resourceVersion: '9', continue: 'eyJ9', remainingItemCount: 3 },
      items,
    };
    const { res, sent } = response();
    sendListJson(res, list);
    expect(sent.body).toBe(`${JSON.stringify(list)}\n`);
    expect(Number(sent.headers['Content-Length'])).toBe(Buffer.byteLength(sent.body));
    const empty = response();
    sendListJson(empty.res, { ...list, items: [] });
    expect(empty.sent.body).toBe(`${JSON.stringify({ ...list, items: [] })}\n`);
  });

  it('encodes a stored object once, and a changed object (a new stored version) anew', () => {
    const stringify = vi.spyOn(JSON, 'stringify');
    try {
      const v1 = deepFreeze(cm('a', 'one'));
      expect(objectJson(v1).toString()).toBe(objectJson(v1).toString());
      expect(stringify).toHaveBeenCalledTimes(1);
      const v2 = deepFreeze(cm('a', 'two'));
      expect(objectJson(v2).toString()).toContain('"two"');
      // Not frozen: may still change, so never cached.
      const mutable = cm('a', 'three');
      objectJson(mutable);
      (mutable.data as { value: string }).value = 'four';
      expect(objectJson(mutable).toString()).toContain('"four"');
    } finally {
      stringify.mockRestore();
    }
  });

  it('sends one object and watch lines as JSON.stringify would', () => {
    const obj = deepFreeze(cm('a', 'ünïcødé'));
    const { res, sent } = response();
    sendObjectJson(res, 201, obj);
    expect(sent).toMatchObject({ code: 201, body: `${JSON.stringify(obj)}\n` });
    expect(watchEventLine('MODIFIED', obj).toString()).toBe(
      `${JSON.stringify({ type: 'MODIFIED', object: obj })}\n`,
    );
    expect(watchEventLine('DELETED', obj).toString()).toBe(
      `${JSON.stringify({ type: 'DELETED', object: obj })}\n`,
    );
    expect(watchEventLine('MODIFIED', obj)).toBe(watchEventLine('MODIFIED', obj));
  });
});
