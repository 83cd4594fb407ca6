import { isObject, type JsonObject, setOwn } from './json.js';
import { badRequest } from './status.js';

// kubectl 1.32 sends built-in objects as Protocol Buffers (Content-Type application/vnd.kubernetes.protobuf)
// from its typed clients: `kubectl create namespace`, `kubectl create secret ...`. It accepts JSON back,
// so the server only has to read protobuf, never write it. This decodes the envelope (the "k8s\0" magic
// and a runtime.Unknown) and the few messages the server stores, into the JSON form of the same object,
// using the field numbers of k8s.io/api and k8s.io/apimachinery generated.proto.

type Scalar = 'string' | 'bytes' | 'bool' | 'int64' | 'time';
type FieldType = Scalar | { message: ProtoMessage } | { map: 'string' | 'bytes' };
interface ProtoField {
  name: string;
  type: FieldType;
  repeated?: boolean;
}
type ProtoMessage = Record<number, ProtoField>;

const OWNER_REFERENCE: ProtoMessage = {
  5: { name: 'apiVersion', type: 'string' },
  1: { name: 'kind', type: 'string' },
  3: { name: 'name', type: 'string' },
  4: { name: 'uid', type: 'string' },
  6: { name: 'controller', type: 'bool' },
  7: { name: 'blockOwnerDeletion', type: 'bool' },
};

const OBJECT_META: ProtoMessage = {
  1: { name: 'name', type: 'string' },
  2: { name: 'generateName', type: 'string' },
  3: { name: 'namespace', type: 'string' },
  4: { name: 'selfLink', type: 'string' },
  5: { name: 'uid', type: 'string' },
  6: { name: 'resourceVersion', type: 'string' },
  7: { name: 'generation', type: 'int64' },
  8: { name: 'creationTimestamp', type: 'time' },
  9: { name: 'deletionTimestamp', type: 'time' },
  10: { name: 'deletionGracePeriodSeconds', type: 'int64' },
  11: { name: 'labels', type: { map: 'string' } },
  12: { name: 'annotations', type: { map: 'string' } },
  13: { name: 'ownerReferences', type: { message: OWNER_REFERENCE }, repeated: true },
  14: { name: 'finalizers', type: 'string', repeated: true },
  // 17 managedFields: the server does not keep them, so they are skipped like unknown fields.
};

const OBJECT_REFERENCE: ProtoMessage = {
  1: { name: 'kind', type: 'string' },
  2: { name: 'namespace', type: 'string' },
  3: { name: 'name', type: 'string' },
  4: { name: 'uid', type: 'string' },
  5: { name: 'apiVersion', type: 'string' },
  6: { name: 'resourceVersion', type: 'string' },
  7: { name: 'fieldPath', type: 'string' },
};

const metadata: ProtoField = { name: 'metadata', type: { message: OBJECT_META } };

/** The messages by kind, for objects and for the DeleteOptions a DELETE may carry. */
const MESSAGES: Record<string, ProtoMessage> = {
  Secret: {
    1: metadata,
    5: { name: 'immutable', type: 'bool' },
    2: { name: 'data', type: { map: 'bytes' } },
    4: { name: 'stringData', type: { map: 'string' } },
    3: { name: 'type', type: 'string' },
  },
  ConfigMap: {
    1: metadata,
    4: { name: 'immutable', type: 'bool' },
    2: { name: 'data', type: { map: 'string' } },
    3: { name: 'binaryData', type: { map: 'bytes' } },
  },
  ServiceAccount: {
    1: metadata,
    2: { name: 'secrets', type: { message: OBJECT_REFERENCE }, repeated: true },
    3: {
      name: 'imagePullSecrets',
      type: { message: { 1: { name: 'name', type: 'string' } } },
      repeated: true,
    },
    4: { name: 'automountServiceAccountToken', type: 'bool' },
  },
  Namespace: {
    1: metadata,
    2: { name: 'spec', type: { message: { 1: { name: 'finalizers', type: 'string', repeated: true } } } },
    3: { name: 'status', type: { message: { 1: { name: 'phase', type: 'string' } } } },
  },
  DeleteOptions: {
    1: { name: 'gracePeriodSeconds', type: 'int64' },
    2: {
      name: 'preconditions',
      type: {
        message: { 1: { name: 'uid', type: 'string' }, 2: { name: 'resourceVersion', type: 'string' } },
      },
    },
    3: { name: 'orphanDependents', type: 'bool' },
    4: { name: 'propagationPolicy', type: 'string' },
    5: { name: 'dryRun', type: 'string', repeated: true },
  },
};

const MAGIC = Buffer.from('k8s\0', 'latin1');
const UNKNOWN: ProtoMessage = {
  1: {
    name: 'typeMeta',
    type: { message: { 1: { name: 'apiVersion', type: 'string' }, 2: { name: 'kind', type: 'string' } } },
  },
  2: { name: 'raw', type: 'bytes' },
  3: { name: 'contentEncoding', type: 'string' },
  4: { name: 'contentType', type: 'string' },
};

/**
 * The JSON form of a protobuf-encoded body of kind `kind`. Zero values (empty strings, 0, unset
 * times) are left out, as Go's omitempty leaves them out of the JSON form.
 */
export function decodeKubeProtobuf(body: Buffer, kind: string): JsonObject {
  if (!body.subarray(0, 4).equals(MAGIC))
    throw badRequest('the protobuf body does not start with the k8s magic number');
  const envelope = decodeMessage(new Reader(body.subarray(4)), UNKNOWN);
  const typeMeta = (envelope.typeMeta ?? {}) as { apiVersion?: string; kind?: string };
  const message = MESSAGES[kind];
  if (!message) throw badRequest(`kube-test-server cannot decode ${kind} from protobuf`);
  if (typeMeta.kind !== undefined && typeMeta.kind !== kind) {
    throw badRequest(
      `${typeMeta.kind} in version "${typeMeta.apiVersion ?? ''}" cannot be handled as a ${kind}`,
    );
  }
  const raw = Buffer.from((envelope.raw as string | undefined) ?? '', 'base64');
  const object = decodeMessage(new Reader(raw), message);
  return {
    ...(typeMeta.kind ? { kind: typeMeta.kind } : {}),
    ...(typeMeta.apiVersion ? { apiVersion: typeMeta.apiVersion } : {}),
    ...object,
  };
}

class Reader {
  position = 0;
  constructor(readonly bytes: Buffer) {}

  get done(): boolean {
    return this.position >= this.bytes.length;
  }

  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const byte = this.bytes[this.position++];
      if (byte === undefined) throw badRequest('truncated protobuf varint');
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
    }
    throw badRequest('protobuf varint too long');
  }

  take(length: number): Buffer {
    if (this.position + length > this.bytes.length) throw badRequest('truncated protobuf field');
    const slice = this.bytes.subarray(this.position, this.position + length);
    this.position += length;
    return slice;
  }

  /** Skips a field this decoder has no use for. */
  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.take(8);
    else if (wireType === 2) this.take(Number(this.varint()));
    else if (wireType === 5) this.take(4);
    else throw badRequest(`unsupported protobuf wire type ${wireType}`);
  }
}

function decodeMessage(reader: Reader, message: ProtoMessage): JsonObject {
  const result: JsonObject = {};
  while (!reader.done) {
    const tag = Number(reader.varint());
    const number = tag >>> 3;
    const wireType = tag & 7;
    const field = message[number];
    if (!field) {
      reader.skip(wireType);
      continue;
    }
    const value = decodeValue(reader, wireType, field.type);
    if (typeof field.type === 'object' && 'map' in field.type) {
      if (!isObject(result[field.name])) result[field.name] = {};
      const entry = value as [string, unknown];
      setOwn(result[field.name] as JsonObject, entry[0], entry[1]);
    } else if (field.repeated) {
      if (!Array.isArray(result[field.name])) result[field.name] = [];
      (result[field.name] as unknown[]).push(value);
    } else if (!isZero(value)) {
      result[field.name] = value;
    }
  }
  return result;
}

function isZero(value: unknown): boolean {
  return value === '' || value === 0 || value === undefined;
}

function decodeValue(reader: Reader, wireType: number, type: FieldType): unknown {
  if (type === 'bool' || type === 'int64') {
    if (wireType !== 0) throw badRequest('protobuf field has the wrong wire type');
    const number = BigInt.asIntN(64, reader.varint());
    return type === 'bool' ? number !== 0n : Number(number);
  }
  if (wireType !== 2) throw badRequest('protobuf field has the wrong wire type');
  const bytes = reader.take(Number(reader.varint()));
  if (type === 'string') return bytes.toString('utf8');
  if (type === 'bytes') return bytes.toString('base64');
  if (type === 'time') {
    const time = decodeMessage(new Reader(bytes), { 1: { name: 'seconds', type: 'int64' } });
    const seconds = (time.seconds as number | undefined) ?? 0;
    return seconds === 0 ? undefined : `${new Date(seconds * 1000).toISOString().slice(0, 19)}Z`;
  }
  if ('map' in type) {
    const entry = decodeMessage(new Reader(bytes), {
      1: { name: 'key', type: 'string' },
      2: { name: 'value', type: type.map },
    });
    return [entry.key ?? '', entry.value ?? ''];
  }
  return decodeMessage(new Reader(bytes), type.message);
}
