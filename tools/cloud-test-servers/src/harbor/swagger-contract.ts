import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

/**
 * Harbor's real API spec (goharbor/harbor api/v2.0/swagger.yaml), kept beside the project in
 * `../shared/fixtures`: found by walking up from here, the same from src/ and from dist/.
 */
export function harborSwaggerPath(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'fixtures', 'harbor', 'swagger.yaml');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`No shared/fixtures/harbor/swagger.yaml above ${from}.`);
  }
}

/** Checks messages against a Swagger 2.0 spec: each answer is a list of violations, empty when all is well. */
export interface SwaggerContract {
  /** The operation's query parameters, path parameters and body (its `in: body` schema). */
  checkRequest(method: string, path: string, query: URLSearchParams, body: unknown): string[];
  /** The body against the response schema of its status; a status the spec leaves out is checked as Harbor's `Errors`. */
  checkResponse(method: string, path: string, status: number, body: unknown): string[];
}

interface Parameter {
  name: string;
  in: string;
  type?: string;
  required?: boolean;
  schema?: unknown;
  $ref?: string;
}

interface Operation {
  parameters?: Parameter[];
  responses: Record<string, { $ref?: string; schema?: unknown }>;
}

interface Swagger {
  basePath: string;
  paths: Record<string, Record<string, Operation>>;
  parameters: Record<string, Parameter>;
  responses: Record<string, { schema?: unknown }>;
  definitions: Record<string, unknown>;
}

const SPEC_ID = 'harbor-swagger';

/**
 * Loads a Swagger 2.0 spec and validates with ajv. Its definitions are made strict first: an object with
 * `properties` takes no others, so a misspelt field fails here, where Harbor would silently drop it.
 */
export function loadSwaggerContract(file: string = harborSwaggerPath()): SwaggerContract {
  const spec = parse(readFileSync(file, 'utf8')) as Swagger;
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  // Swagger's number formats carry no rule JSON Schema can check; date-time is RFC 3339.
  for (const format of ['int32', 'int64', 'float', 'double', 'password', 'binary', 'byte', 'uri', 'email'])
    ajv.addFormat(format, true);
  ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
  ajv.addSchema({ $id: SPEC_ID, definitions: strict(spec.definitions) });
  const compiled = new Map<unknown, ValidateFunction>();
  const validate = (schema: unknown, value: unknown, what: string): string[] => {
    let check = compiled.get(schema);
    if (!check) {
      check = ajv.compile(rebase(strict(schema)) as object);
      compiled.set(schema, check);
    }
    if (check(value)) return [];
    return (check.errors ?? []).map(
      (error) =>
        `${what}: ${error.instancePath || '(root)'} ${error.message}${error.params && 'additionalProperty' in error.params ? ` (${String(error.params.additionalProperty)})` : ''}`,
    );
  };
  const routes = Object.entries(spec.paths).map(([template, operations]) => ({
    template,
    pattern: new RegExp(`^${escapeRegExp(spec.basePath + template).replace(/\\\{[^}]+\\\}/g, '([^/]+)')}$`),
    names: [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!),
    operations,
  }));
  const find = (method: string, path: string) => {
    for (const route of routes) {
      const match = route.pattern.exec(path);
      const operation = route.operations[method.toLowerCase()];
      if (match && operation) {
        const values = Object.fromEntries(
          route.names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]),
        );
        return { operation, values, label: `${method} ${route.template}` };
      }
    }
    return undefined;
  };
  const parameters = (operation: Operation) =>
    (operation.parameters ?? []).map((parameter) =>
      parameter.$ref ? spec.parameters[parameter.$ref.replace('#/parameters/', '')]! : parameter,
    );

  return {
    checkRequest(method, path, query, body) {
      const found = find(method, path);
      if (!found) return [`${method} ${path} is no operation of the spec`];
      const problems: string[] = [];
      const declared = parameters(found.operation);
      for (const parameter of declared) {
        if (
          parameter.in === 'path' &&
          parameter.type === 'integer' &&
          !/^-?\d+$/.test(found.values[parameter.name] ?? '')
        ) {
          problems.push(`${found.label}: path parameter ${parameter.name} is not an integer`);
        }
        if (parameter.in === 'query') {
          const value = query.get(parameter.name);
          if (value !== null && parameter.type === 'integer' && !/^-?\d+$/.test(value))
            problems.push(`${found.label}: query parameter ${parameter.name} is not an integer`);
        }
        if (parameter.in === 'body') {
          if (body === undefined) {
            if (parameter.required) problems.push(`${found.label}: the body is missing`);
          } else {
            problems.push(...validate(parameter.schema, body, `${found.label} body`));
          }
        }
      }
      for (const name of new Set(query.keys())) {
        if (!declared.some((parameter) => parameter.in === 'query' && parameter.name === name))
          problems.push(`${found.label}: query parameter ${name} is not in the spec`);
      }
      if (body !== undefined && !declared.some((parameter) => parameter.in === 'body'))
        problems.push(`${found.label}: takes no body`);
      return problems;
    },
    checkResponse(method, path, status, body) {
      const found = find(method, path);
      if (!found) return [`${method} ${path} is no operation of the spec`];
      const declared = found.operation.responses[String(status)];
      const response = declared?.$ref ? spec.responses[declared.$ref.replace('#/responses/', '')] : declared;
      // Harbor answers every error with its Errors body, also where an operation does not list the status
      // (POST /robots returns 409 for a name taken).
      const schema = response
        ? response.schema
        : status >= 400
          ? { $ref: '#/definitions/Errors' }
          : undefined;
      if (schema === undefined) {
        return body === undefined ? [] : [`${found.label} ${status}: the spec has no body for it`];
      }
      return validate(schema, body, `${found.label} ${status}`);
    },
  };
}

/** Every object schema with properties and no rule for others takes no others. */
function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strict);
  if (schema === null || typeof schema !== 'object') return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    // A property named like a keyword (`properties.type`) is a schema, not a keyword: recurse per entry.
    copy[key] =
      key === 'properties'
        ? Object.fromEntries(Object.entries(value as object).map(([name, sub]) => [name, strict(sub)]))
        : strict(value);
  }
  if ('properties' in copy && !('additionalProperties' in copy) && !('$ref' in copy))
    copy.additionalProperties = false;
  return copy;
}

/** `#/definitions/X` in a schema outside the definitions points into the loaded spec. */
function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string' && value.startsWith('#/')
        ? `${SPEC_ID}${value}`
        : rebase(value),
    ]),
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
