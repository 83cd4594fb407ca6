import { createRequire } from 'node:module';
import * as k8s from '@kubernetes/client-node';

// Two packages generated from the Kubernetes API's real OpenAPI document, as no copy of the document is
// on these machines: kubernetes-models' validators check types, formats, enums and required fields but let
// unknown fields through; @kubernetes/client-node's models list every field of every type, which
// finds an unknown or misplaced field, as `kubectl apply --validate=strict` would.

const require = createRequire(import.meta.url);
const MODELS = k8s as unknown as Record<
  string,
  { getAttributeTypeMap?: () => { baseName: string; type: string }[] } | undefined
>;

/** The client-node model of apiVersion/kind, e.g. V1CronJob for batch/v1 CronJob. */
function modelName(apiVersion: string, kind: string): string {
  const version = apiVersion.split('/').pop() ?? '';
  return `${version[0]!.toUpperCase()}${version.slice(1)}${kind}`;
}

function fieldProblems(value: unknown, type: string, path: string): string[] {
  if (value === null || value === undefined) return [];
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    if (!Array.isArray(value)) return [`${path}: should be a list`];
    return value.flatMap((element, i) => fieldProblems(element, array[1]!, `${path}[${i}]`));
  }
  const dictionary = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (dictionary) {
    if (typeof value !== 'object' || Array.isArray(value)) return [`${path}: should be a map`];
    return Object.entries(value).flatMap(([key, inner]) =>
      fieldProblems(inner, dictionary[1]!, `${path}.${key}`),
    );
  }
  if (type === 'string' || type === 'Date')
    return typeof value === 'string' ? [] : [`${path}: should be a string`];
  if (type === 'number') return typeof value === 'number' ? [] : [`${path}: should be a number`];
  if (type === 'boolean') return typeof value === 'boolean' ? [] : [`${path}: should be a boolean`];
  if (type === 'IntOrString')
    return ['string', 'number'].includes(typeof value) ? [] : [`${path}: int or string`];
  const fields = MODELS[type]?.getAttributeTypeMap?.();
  if (!fields) return [];
  if (typeof value !== 'object' || Array.isArray(value)) return [`${path}: should be a ${type}`];
  return Object.entries(value).flatMap(([key, inner]) => {
    const field = fields.find((f) => f.baseName === key);
    return field ? fieldProblems(inner, field.type, `${path}.${key}`) : [`${path}: unknown field "${key}"`];
  });
}

/** What the Kubernetes API schema finds wrong with an object; empty when it is valid. */
export function kubeSchemaProblems(object: Record<string, unknown>): string[] {
  const apiVersion = String(object.apiVersion);
  const kind = String(object.kind);
  const group = apiVersion.includes('/') ? apiVersion : `v1`;
  const at = `${kind}/${(object.metadata as { name?: string } | undefined)?.name}`;
  let Model: new (data: unknown) => { validate(): void };
  try {
    Model = require(`kubernetes-models/${group}/${kind}`)[kind];
  } catch {
    return [`${at}: no schema for ${apiVersion} ${kind}`];
  }
  const problems: string[] = [];
  try {
    new Model(structuredClone(object)).validate();
  } catch (error) {
    problems.push(`${at}: ${(error as Error).message}`);
  }
  const model = modelName(apiVersion, kind);
  if (!MODELS[model]?.getAttributeTypeMap) problems.push(`${at}: no field list for ${model}`);
  problems.push(...fieldProblems(object, model, at));
  return problems;
}
