// KubeVirt's and CDI's own OpenAPI (swagger 2.0) definitions as JSON schemas for ajv, with
// additionalProperties: false added to every object that lists its properties, so that a field the API
// does not know (a typo, a mis-nested key) fails validation as the API server's strict field validation
// refuses it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';

export const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/', import.meta.url));

type Schema = Record<string, unknown>;

function strictDefinitions(file: string): Record<string, Schema> {
  const swagger = JSON.parse(readFileSync(`${FIXTURES}${file}`, 'utf8')) as {
    definitions: Record<string, Schema>;
  };
  const strict = (schema: unknown): unknown => {
    if (Array.isArray(schema)) return schema.map(strict);
    if (schema === null || typeof schema !== 'object') return schema;
    const out: Schema = {};
    for (const [key, value] of Object.entries(schema)) {
      // A property may be named like a keyword (`properties`, `default`): only map values are schemas.
      out[key] =
        key === 'properties'
          ? Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, strict(v)]))
          : key === 'default' || key === 'enum' || key === 'example'
            ? value
            : strict(value);
    }
    if (out.properties !== undefined && out.additionalProperties === undefined)
      out.additionalProperties = false;
    return out;
  };
  const definitions: Record<string, Schema> = {};
  for (const [name, definition] of Object.entries(swagger.definitions)) {
    // Quantities and int-or-strings are strings or numbers on the wire, whatever the spec's type says.
    definitions[name] = /\.(Quantity|IntOrString)$/.test(name) ? {} : (strict(definition) as Schema);
  }
  return definitions;
}

const SPECS = {
  kubevirt: strictDefinitions('kubevirt/swagger.json'),
  cdi: strictDefinitions('cdi/swagger.json'),
};

/** Which spec and definition each kind is checked against. */
const KINDS: Record<string, [keyof typeof SPECS, string]> = {
  VirtualMachine: ['kubevirt', 'v1.VirtualMachine'],
  VirtualMachineInstance: ['kubevirt', 'v1.VirtualMachineInstance'],
  VirtualMachineInstanceReplicaSet: ['kubevirt', 'v1.VirtualMachineInstanceReplicaSet'],
  VirtualMachinePool: ['kubevirt', 'v1beta1.VirtualMachinePool'],
  DataVolume: ['cdi', 'v1beta1.DataVolume'],
  DataImportCron: ['cdi', 'v1beta1.DataImportCron'],
  CDI: ['cdi', 'v1beta1.CDI'],
};

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const compiled = new Map<string, ValidateFunction>();

/** The API's complaints about `object` (by its kind), or [] when it is valid; throws for a kind not known here. */
export function apiErrors(object: unknown): string[] {
  const kind = (object as { kind?: unknown } | null)?.kind;
  const target = KINDS[String(kind)];
  if (!target) throw new Error(`no schema for kind ${String(kind)}`);
  const [spec, definition] = target;
  const key = `${spec}/${definition}`;
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile({ $ref: `#/definitions/${definition}`, definitions: SPECS[spec] });
    compiled.set(key, validate);
  }
  if (validate(object)) return [];
  return (validate.errors ?? []).map(
    (e) =>
      `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
  );
}

/** Whether the API has a schema for this kind here. */
export function hasApiSchema(kind: unknown): boolean {
  return String(kind) in KINDS;
}
