import { describe, expect, it } from 'vitest';
import { decodeProtobufObject, PROTOBUF_MAGIC, ProtobufDecodeError } from './decode.js';

// A tiny encoder, enough to write the bodies kubectl sends.
const varint = (n: number | bigint): Buffer => {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  do {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v ? b | 0x80 : b);
  } while (v);
  return Buffer.from(out);
};
const int = (field: number, n: number | bigint) => Buffer.concat([varint(field << 3), varint(n)]);
const bytes = (field: number, ...content: (Buffer | string)[]) => {
  const body = Buffer.concat(content.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));
  return Buffer.concat([varint((field << 3) | 2), varint(body.length), body]);
};
const entry = (field: number, key: string, value: Buffer | string) => bytes(field, bytes(1, key), bytes(2, value));
const envelope = (apiVersion: string, kind: string, raw: Buffer) => Buffer.concat([PROTOBUF_MAGIC, bytes(1, bytes(1, apiVersion), bytes(2, kind)), bytes(2, raw)]);
/** An unset metav1.Time: Go's zero time in Unix seconds. */
const zeroTime = bytes(1, int(1, -62135596800n));

describe('protobuf request bodies', () => {
  it('GIVEN kubectl create configmap WHEN decoded THEN the JSON object keeps empty values of the map and drops unset fields', () => {
    const meta = Buffer.concat([bytes(1, 'settings'), bytes(3, ''), bytes(8, zeroTime.subarray(2)), entry(11, 'app', 'shop')]);
    const body = envelope('v1', 'ConfigMap', Buffer.concat([bytes(1, meta), entry(2, 'mode', 'fast'), entry(2, 'empty', '')]));
    expect(decodeProtobufObject(body)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', labels: { app: 'shop' } },
      data: { mode: 'fast', empty: '' },
    });
  });

  it('GIVEN a Deployment with replicas 0 WHEN decoded THEN pointer zeros stay, Quantity and IntOrString read as JSON, inline fields merge', () => {
    const container = Buffer.concat([
      bytes(1, 'web'),
      bytes(2, 'nginx:1.25'),
      bytes(8, entry(2, 'cpu', bytes(1, '250m'))), // resources.requests
      int(16, 0), // stdin false: dropped
      bytes(14, 'IfNotPresent'),
      bytes(7, bytes(1, 'CONFIG'), bytes(2, '')), // env CONFIG=""
    ]);
    const volume = Buffer.concat([bytes(1, 'cache'), bytes(2, bytes(2, bytes(1, '')))]); // emptyDir: {}
    const podSpec = Buffer.concat([bytes(2, container), bytes(1, volume), int(4, 0)]); // terminationGracePeriodSeconds: 0 kept
    const strategy = bytes(4, bytes(1, 'RollingUpdate'), bytes(2, bytes(1, int(1, 0), int(2, 1)), bytes(2, int(1, 1), bytes(3, '50%'))));
    const spec = Buffer.concat([int(1, 0), bytes(2, entry(1, 'app', 'web')), bytes(3, bytes(1, entry(11, 'app', 'web')), bytes(2, podSpec)), strategy]);
    const obj = decodeProtobufObject(envelope('apps/v1', 'Deployment', Buffer.concat([bytes(1, bytes(1, 'web')), bytes(2, spec)])));
    expect(obj).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [{ name: 'web', image: 'nginx:1.25', resources: { requests: { cpu: '250m' } }, imagePullPolicy: 'IfNotPresent', env: [{ name: 'CONFIG' }] }],
            volumes: [{ name: 'cache', emptyDir: {} }],
            terminationGracePeriodSeconds: 0,
          },
        },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: '50%' } },
      },
    });
  });

  it('GIVEN a SelfSubjectAccessReview WHEN decoded THEN its resource attributes are read', () => {
    const attributes = Buffer.concat([bytes(1, 'default'), bytes(2, 'create'), bytes(5, 'pods')]);
    const body = envelope('authorization.k8s.io/v1', 'SelfSubjectAccessReview', Buffer.concat([bytes(1, ''), bytes(2, bytes(1, attributes)), bytes(3, '')]));
    expect(decodeProtobufObject(body)).toEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      metadata: {},
      spec: { resourceAttributes: { namespace: 'default', verb: 'create', resource: 'pods' } },
      status: {},
    });
  });

  it('GIVEN a kind without a table THEN the error is unsupported; GIVEN a truncated body THEN malformed', () => {
    const unknown = () => decodeProtobufObject(envelope('example.com/v1', 'Widget', Buffer.alloc(0)));
    expect(unknown).toThrow(ProtobufDecodeError);
    expect(() => unknown()).toThrow(expect.objectContaining({ reason: 'unsupported' }));
    const truncated = envelope('v1', 'ConfigMap', bytes(1, bytes(1, 'x'))).subarray(0, -1);
    expect(() => decodeProtobufObject(truncated)).toThrow(expect.objectContaining({ reason: 'malformed' }));
    expect(() => decodeProtobufObject(Buffer.from('{"kind":"ConfigMap"}'))).toThrow(expect.objectContaining({ reason: 'malformed' }));
  });
});
