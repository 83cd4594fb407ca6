import { describe, expect, it } from 'vitest';
import {
  concat,
  type Document,
  entry,
  helmTemplateText,
  item,
  listOf,
  map,
  orDefault,
  releaseNamespace,
  renderObjects,
  truthy,
  v,
  variable,
} from './chart-template.js';

const documents: Document[] = [
  {
    file: 'a.yaml',
    range: { over: orDefault(v('names'), listOf(releaseNamespace)), var: 'ns' },
    node: map(
      entry('kind', 'ConfigMap'),
      entry('metadata', map(entry('name', concat('x-', variable('ns'))))),
      entry(
        'data',
        map({
          op: 'mapRange',
          over: v('data'),
          key: 'k',
          value: 'val',
          entry: { op: 'scalar', expr: variable('val') },
        }),
      ),
      entry('list', [item('first'), item(v('extra'), truthy(v('extra')))]),
    ),
  },
];
const context = { releaseName: 'r', releaseNamespace: 'home', appVersion: '1.0.0' };

describe('the chart template tree', () => {
  it('evaluates ranges, defaults, map ranges and conditions as Go templates would', () => {
    expect(renderObjects(documents, { ...context, values: { names: [], data: { b: '2', a: '1' } } })).toEqual(
      [{ kind: 'ConfigMap', metadata: { name: 'x-home' }, data: { a: '1', b: '2' }, list: ['first'] }],
    );
    const two = renderObjects(documents, { ...context, values: { names: ['p', 'q'], data: {}, extra: 'e' } });
    expect(two.map((o) => (o.metadata as { name: string }).name)).toEqual(['x-p', 'x-q']);
    // An empty block mapping reads back as null from YAML; the evaluator says the same.
    expect(two[0]!.data).toBeNull();
    expect(two[0]!.list).toEqual(['first', 'e']);
  });

  it('writes the same tree as Go template text', () => {
    expect(helmTemplateText(documents, 'generated').get('a.yaml')).toBe(
      [
        '{{- /* generated */}}',
        '{{- range $ns := (default (list $.Release.Namespace) $.Values.names) }}',
        '---',
        'kind: "ConfigMap"',
        'metadata:',
        '  name: {{ (printf "%v%v" "x-" $ns) | toJson }}',
        'data:',
        '{{- range $k, $val := $.Values.data }}',
        '  {{ $k | toJson }}: {{ $val | toJson }}',
        '{{- end }}',
        'list:',
        '  - "first"',
        '{{- if $.Values.extra }}',
        '  - {{ $.Values.extra | toJson }}',
        '{{- end }}',
        '{{- end }}',
        '',
      ].join('\n'),
    );
  });
});
