// One definition of the chart's objects with two readers: `renderObjects` evaluates it for a set of values
// (what `pull-secret cronjob` prints), `helmTemplateText` writes it as the Go templates of
// charts/pull-secret/templates. The two cannot drift: the chart's files are generated from this, and a
// test renders both with the real Helm and compares the objects.

/** A value: from the chart's values, the release, a range variable, a literal, or built from those. */
export type Expr =
  | { op: 'value'; path: readonly string[] }
  | { op: 'release'; field: 'Name' | 'Namespace' }
  | { op: 'appVersion' }
  | { op: 'var'; name: string }
  | { op: 'lit'; value: string | number | boolean }
  | { op: 'concat'; parts: readonly Expr[] }
  | { op: 'default'; fallback: Expr; expr: Expr }
  | { op: 'listOf'; items: readonly Expr[] };

export type Cond =
  | { op: 'truthy'; expr: Expr }
  | { op: 'eq'; expr: Expr; value: string }
  | { op: 'not'; cond: Cond }
  | { op: 'or'; conds: readonly Cond[] }
  | { op: 'and'; conds: readonly Cond[] };

/** A YAML value in the output: a scalar from an expression, a whole subtree of the values, a map or a list. */
export type Node =
  | { op: 'scalar'; expr: Expr }
  | { op: 'tree'; expr: Expr }
  | { op: 'map'; entries: readonly Entry[] }
  | { op: 'list'; items: readonly Item[] };

export type Entry =
  | { op: 'entry'; key: string; value: Node; when?: Cond }
  | { op: 'mapRange'; over: Expr; key: string; value: string; entry: Node; when?: Cond };

export type Item =
  | { op: 'item'; value: Node; when?: Cond }
  | { op: 'range'; over: Expr; var: string; items: readonly Item[] }
  | { op: 'mapRange'; over: Expr; key: string; value: string; items: readonly Item[] }
  | { op: 'choose'; cases: readonly { when: Cond; items: readonly Item[] }[]; otherwise: readonly Item[] };

export interface Document {
  /** The template file it is written to. */
  file: string;
  node: Node;
  when?: Cond;
  /** One object per element of a list, e.g. a Role per namespace. */
  range?: { over: Expr; var: string };
}

// Builders, so that the definition reads like the manifest it makes.
export const v = (path: string): Expr => ({ op: 'value', path: path.split('.') });
export const lit = (value: string | number | boolean): Expr => ({ op: 'lit', value });
export const variable = (name: string): Expr => ({ op: 'var', name });
export const releaseName: Expr = { op: 'release', field: 'Name' };
export const releaseNamespace: Expr = { op: 'release', field: 'Namespace' };
export const appVersion: Expr = { op: 'appVersion' };
export const concat = (...parts: (Expr | string)[]): Expr => ({
  op: 'concat',
  parts: parts.map((part) => (typeof part === 'string' ? lit(part) : part)),
});
export const orDefault = (expr: Expr, fallback: Expr): Expr => ({ op: 'default', expr, fallback });
export const listOf = (...items: Expr[]): Expr => ({ op: 'listOf', items });
export const truthy = (expr: Expr): Cond => ({ op: 'truthy', expr });
export const eq = (expr: Expr, value: string): Cond => ({ op: 'eq', expr, value });
export const not = (cond: Cond): Cond => ({ op: 'not', cond });
export const or = (...conds: Cond[]): Cond => ({ op: 'or', conds });
export const and = (...conds: Cond[]): Cond => ({ op: 'and', conds });

type Shape = Node | Expr | string | number | boolean | readonly Item[] | { [key: string]: Shape };

/** A node from a shorthand: strings and numbers are literals, arrays lists, plain objects maps. */
export function node(shape: Shape): Node {
  if (typeof shape !== 'object') return { op: 'scalar', expr: lit(shape) };
  if (Array.isArray(shape)) return { op: 'list', items: shape as Item[] };
  const tagged = shape as { op?: unknown };
  if (tagged.op === 'scalar' || tagged.op === 'tree' || tagged.op === 'map' || tagged.op === 'list') {
    return shape as Node;
  }
  if (typeof tagged.op === 'string') return { op: 'scalar', expr: shape as Expr };
  return {
    op: 'map',
    entries: Object.entries(shape as Record<string, Shape>).map(([key, value]) => entry(key, value)),
  };
}
export const entry = (key: string, value: Shape, when?: Cond): Entry => ({
  op: 'entry',
  key,
  value: node(value),
  ...(when ? { when } : {}),
});
export const map = (...entries: Entry[]): Node => ({ op: 'map', entries });
export const item = (value: Shape, when?: Cond): Item => ({
  op: 'item',
  value: node(value),
  ...(when ? { when } : {}),
});
export const tree = (expr: Expr): Node => ({ op: 'tree', expr });

// ---- evaluation ----

export interface RenderContext {
  values: Record<string, unknown>;
  releaseName: string;
  releaseNamespace: string;
  appVersion: string;
}

type Scope = RenderContext & { vars: Record<string, unknown> };

/** Go templates' (and sprig's `default`'s) idea of empty. */
function empty(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

function evalExpr(expr: Expr, scope: Scope): unknown {
  switch (expr.op) {
    case 'value': {
      let at: unknown = scope.values;
      for (const key of expr.path) at = (at as Record<string, unknown> | undefined)?.[key];
      return at;
    }
    case 'release':
      return expr.field === 'Name' ? scope.releaseName : scope.releaseNamespace;
    case 'appVersion':
      return scope.appVersion;
    case 'var': {
      const [name, ...path] = expr.name.split('.');
      let at: unknown = scope.vars[name!];
      for (const key of path) at = (at as Record<string, unknown> | undefined)?.[key];
      return at;
    }
    case 'lit':
      return expr.value;
    case 'concat':
      return expr.parts.map((part) => String(evalExpr(part, scope) ?? '')).join('');
    case 'default': {
      const value = evalExpr(expr.expr, scope);
      return empty(value) ? evalExpr(expr.fallback, scope) : value;
    }
    case 'listOf':
      return expr.items.map((part) => evalExpr(part, scope));
  }
}

function evalCond(cond: Cond, scope: Scope): boolean {
  switch (cond.op) {
    case 'truthy':
      return !empty(evalExpr(cond.expr, scope));
    case 'eq':
      return evalExpr(cond.expr, scope) === cond.value;
    case 'not':
      return !evalCond(cond.cond, scope);
    case 'or':
      return cond.conds.some((c) => evalCond(c, scope));
    case 'and':
      return cond.conds.every((c) => evalCond(c, scope));
  }
}

/** Entries of a map in the order Go's range walks them: sorted keys. */
function sortedEntries(value: unknown): [string, unknown][] {
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function evalNode(n: Node, scope: Scope): unknown {
  switch (n.op) {
    case 'scalar':
    case 'tree': {
      const value = evalExpr(n.expr, scope);
      // An empty map or list from the values comes out of toYaml as {} or [], and YAML reads that back.
      return value === undefined ? null : structuredClone(value);
    }
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const e of n.entries) {
        if (e.when && !evalCond(e.when, scope)) continue;
        if (e.op === 'entry') out[e.key] = evalNode(e.value, scope);
        else {
          for (const [key, value] of sortedEntries(evalExpr(e.over, scope))) {
            const inner = { ...scope, vars: { ...scope.vars, [e.key]: key, [e.value]: value } };
            out[key] = evalNode(e.entry, inner);
          }
        }
      }
      // A block mapping with no entries left reads back as null.
      return Object.keys(out).length === 0 ? null : out;
    }
    case 'list': {
      const out = evalItems(n.items, scope);
      return out.length === 0 ? null : out;
    }
  }
}

function evalItems(items: readonly Item[], scope: Scope): unknown[] {
  const out: unknown[] = [];
  for (const it of items) {
    switch (it.op) {
      case 'item':
        if (!it.when || evalCond(it.when, scope)) out.push(evalNode(it.value, scope));
        break;
      case 'range':
        for (const element of (evalExpr(it.over, scope) as unknown[] | undefined) ?? []) {
          out.push(...evalItems(it.items, { ...scope, vars: { ...scope.vars, [it.var]: element } }));
        }
        break;
      case 'mapRange':
        for (const [key, value] of sortedEntries(evalExpr(it.over, scope))) {
          out.push(
            ...evalItems(it.items, { ...scope, vars: { ...scope.vars, [it.key]: key, [it.value]: value } }),
          );
        }
        break;
      case 'choose': {
        const chosen = it.cases.find((c) => evalCond(c.when, scope));
        out.push(...evalItems(chosen ? chosen.items : it.otherwise, scope));
        break;
      }
    }
  }
  return out;
}

/** The objects the documents make for these values, in file and document order. */
export function renderObjects(
  documents: readonly Document[],
  context: RenderContext,
): Record<string, unknown>[] {
  const scope: Scope = { ...context, vars: {} };
  const objects: Record<string, unknown>[] = [];
  for (const doc of documents) {
    if (doc.when && !evalCond(doc.when, scope)) continue;
    const elements = doc.range
      ? ((evalExpr(doc.range.over, scope) as unknown[] | undefined) ?? [])
      : [undefined];
    for (const element of elements) {
      const inner = doc.range ? { ...scope, vars: { [doc.range.var]: element } } : scope;
      objects.push(evalNode(doc.node, inner) as Record<string, unknown>);
    }
  }
  return objects;
}

// ---- Go template text ----

function goString(text: string): string {
  return JSON.stringify(text);
}

function goExpr(expr: Expr): string {
  switch (expr.op) {
    case 'value':
      return `$.Values.${expr.path.join('.')}`;
    case 'release':
      return `$.Release.${expr.field}`;
    case 'appVersion':
      return '$.Chart.AppVersion';
    case 'var':
      return `$${expr.name}`;
    case 'lit':
      return typeof expr.value === 'string' ? goString(expr.value) : String(expr.value);
    case 'concat':
      return `(printf ${goString(expr.parts.map(() => '%v').join(''))} ${expr.parts.map(goExpr).join(' ')})`;
    case 'default':
      return `(default ${goExpr(expr.fallback)} ${goExpr(expr.expr)})`;
    case 'listOf':
      return `(list ${expr.items.map(goExpr).join(' ')})`;
  }
}

function goCond(cond: Cond): string {
  switch (cond.op) {
    case 'truthy':
      return goExpr(cond.expr);
    case 'eq':
      return `(eq ${goExpr(cond.expr)} ${goString(cond.value)})`;
    case 'not':
      return `(not ${goCond(cond.cond)})`;
    case 'or':
      return `(or ${cond.conds.map(goCond).join(' ')})`;
    case 'and':
      return `(and ${cond.conds.map(goCond).join(' ')})`;
  }
}

/** A control line: `{{-` eats the newline before it, so it leaves no line of its own in the output. */
const control = (text: string) => `{{- ${text} }}`;

function scalarText(expr: Expr): string {
  return expr.op === 'lit' ? JSON.stringify(expr.value) : `{{ ${goExpr(expr)} | toJson }}`;
}

/** A key as YAML reads it back as the same string: plain where that is safe, else quoted. */
function yamlKey(key: string): string {
  const plain =
    /^[A-Za-z_][A-Za-z0-9_./-]*$/.test(key) && !/^(y|n|yes|no|on|off|true|false|null)$/i.test(key);
  return plain ? key : JSON.stringify(key);
}

/** Lines for `key: value` (or `- value` when key is undefined) at `indent`. */
function valueLines(prefix: string, n: Node, indent: string): string[] {
  if (n.op === 'scalar') return [`${indent}${prefix} ${scalarText(n.expr)}`];
  if (n.op === 'tree') {
    return [
      `${indent}${prefix}`,
      `${indent}  {{- ${goExpr(n.expr)} | toYaml | nindent ${indent.length + 2} }}`,
    ];
  }
  const inner = `${indent}  `;
  const first = n.op === 'map' ? n.entries[0] : undefined;
  if (prefix === '-' && first?.op === 'entry' && !first.when) {
    // `- name: …`: the item's first key shares the dash's line.
    const lines = entryLines((n as { entries: readonly Entry[] }).entries, inner);
    return [`${indent}- ${lines[0]!.slice(inner.length)}`, ...lines.slice(1)];
  }
  return [
    `${indent}${prefix}`,
    ...(n.op === 'map' ? entryLines(n.entries, inner) : itemLines(n.items, inner)),
  ];
}

function guarded(when: Cond | undefined, lines: string[]): string[] {
  return when ? [control(`if ${goCond(when)}`), ...lines, control('end')] : lines;
}

function entryLines(entries: readonly Entry[], indent: string): string[] {
  return entries.flatMap((e) => {
    if (e.op === 'entry') return guarded(e.when, valueLines(`${yamlKey(e.key)}:`, e.value, indent));
    return guarded(e.when, [
      control(`range $${e.key}, $${e.value} := ${goExpr(e.over)}`),
      ...valueLines(`{{ $${e.key} | toJson }}:`, e.entry, indent),
      control('end'),
    ]);
  });
}

function itemLines(items: readonly Item[], indent: string): string[] {
  return items.flatMap((it) => {
    if (it.op === 'item') return guarded(it.when, valueLines('-', it.value, indent));
    if (it.op === 'range') {
      return [
        control(`range $${it.var} := ${goExpr(it.over)}`),
        ...itemLines(it.items, indent),
        control('end'),
      ];
    }
    if (it.op === 'mapRange') {
      return [
        control(`range $${it.key}, $${it.value} := ${goExpr(it.over)}`),
        ...itemLines(it.items, indent),
        control('end'),
      ];
    }
    return [
      ...it.cases.flatMap((c, i) => [
        control(`${i === 0 ? 'if' : 'else if'} ${goCond(c.when)}`),
        ...itemLines(c.items, indent),
      ]),
      control('else'),
      ...itemLines(it.otherwise, indent),
      control('end'),
    ];
  });
}

/** The text of each template file, keyed by file name. */
export function helmTemplateText(documents: readonly Document[], header: string): Map<string, string> {
  const files = new Map<string, string[]>();
  for (const doc of documents) {
    if (doc.node.op !== 'map') throw new Error(`A document of ${doc.file} is not a map.`);
    let lines = ['---', ...entryLines(doc.node.entries, '')];
    if (doc.range)
      lines = [control(`range $${doc.range.var} := ${goExpr(doc.range.over)}`), ...lines, control('end')];
    lines = guarded(doc.when, lines);
    const file = files.get(doc.file) ?? [`{{- /* ${header} */}}`];
    file.push(...lines);
    files.set(doc.file, file);
  }
  return new Map([...files].map(([file, lines]) => [file, `${lines.join('\n')}\n`]));
}
