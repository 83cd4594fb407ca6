import { describe, expect, it } from 'vitest';
import { decodeKubeProtobuf } from './protobuf.js';

// Bodies captured from kubectl 1.32 with -v=9, and a few built by hand with the same field numbers.

const hex = (...parts: string[]) => Buffer.from(parts.join(''), 'hex');

/** A length-delimited field: tag (field number << 3 | 2), length, bytes. */
function field(number: number, bytes: Buffer | string): Buffer {
  const value = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
  return Buffer.concat([Buffer.from([(number << 3) | 2, value.length]), value]);
}
const varint = (number: number, value: number) => Buffer.from([number << 3, value]);
const envelope = (kind: string, raw: Buffer) =>
  Buffer.concat([
    Buffer.from('k8s\0', 'latin1'),
    field(1, Buffer.concat([field(1, 'v1'), field(2, kind)])),
    field(2, raw),
  ]);

describe('decodeKubeProtobuf', () => {
  it('decodes `kubectl create namespace x`', () => {
    const body = hex(
      '6b3873000a0f0a0276311209',
      '4e616d657370616365',
      '12190a110a01781200',
      '1a0022002a0032003800420012001a020a001a002200',
    );
    expect(decodeKubeProtobuf(body, 'Namespace')).toEqual({
      kind: 'Namespace',
      apiVersion: 'v1',
      metadata: { name: 'x' },
      spec: {},
      status: {},
    });
  });

  it('decodes `kubectl create serviceaccount bot -n default`', () => {
    const body = hex(
      '6b3873000a140a02763112',
      '0e53657276696365416363',
      '6f756e74121c0a1a0a03626f741200',
      '1a0764656661756c7422002a003200380042001a002200',
    );
    expect(decodeKubeProtobuf(body, 'ServiceAccount')).toEqual({
      kind: 'ServiceAccount',
      apiVersion: 'v1',
      metadata: { name: 'bot', namespace: 'default' },
    });
  });

  it('decodes maps, times, lists and booleans', () => {
    const metadata = Buffer.concat([
      field(1, 'regcred'),
      field(8, varint(1, 100)),
      field(11, Buffer.concat([field(1, 'app'), field(2, 'x')])),
      field(14, 'a/b'),
      field(14, 'c/d'),
    ]);
    const secret = Buffer.concat([
      field(1, metadata),
      field(2, Buffer.concat([field(1, 'k'), field(2, Buffer.from([0, 255]))])),
      field(3, 'Opaque'),
      varint(5, 1),
    ]);
    expect(decodeKubeProtobuf(envelope('Secret', secret), 'Secret')).toEqual({
      kind: 'Secret',
      apiVersion: 'v1',
      metadata: {
        name: 'regcred',
        creationTimestamp: '1970-01-01T00:01:40Z',
        labels: { app: 'x' },
        finalizers: ['a/b', 'c/d'],
      },
      data: { k: 'AP8=' },
      type: 'Opaque',
      immutable: true,
    });
    const options = Buffer.concat([field(2, field(2, '42')), field(5, 'All')]);
    expect(decodeKubeProtobuf(envelope('DeleteOptions', options), 'DeleteOptions')).toMatchObject({
      preconditions: { resourceVersion: '42' },
      dryRun: ['All'],
    });
  });

  it('refuses what is not a protobuf object of the expected kind', () => {
    expect(() => decodeKubeProtobuf(Buffer.from('{"kind":"Secret"}'), 'Secret')).toThrow(
      expect.objectContaining({ code: 400 }),
    );
    expect(() => decodeKubeProtobuf(envelope('Namespace', Buffer.alloc(0)), 'Secret')).toThrow(
      expect.objectContaining({ code: 400 }),
    );
    expect(() =>
      decodeKubeProtobuf(
        Buffer.concat([envelope('Secret', Buffer.alloc(0)), Buffer.from([0x12, 0x05])]),
        'Secret',
      ),
    ).toThrow(expect.objectContaining({ code: 400 }));
  });
});
