import type { KubeObject, ResourceDefinition } from './resource-definition.js';
import { badRequest } from './status.js';

/**
 * A field selector (`metadata.name=x,type!=Opaque`) as a predicate, over the fields the resource
 * supports (kubectl delete --wait lists with metadata.name=NAME to see whether the object is gone).
 */
export function parseFieldSelector(
  text: string,
  resource: ResourceDefinition,
): (object: KubeObject) => boolean {
  const terms = text
    .split(',')
    .filter((term) => term.trim() !== '')
    .map((term) => {
      const match = /^\s*([^=!\s]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(term);
      if (!match) throw badRequest(`invalid field selector: ${JSON.stringify(text)}`);
      const [, field, operator, value] = match as unknown as [string, string, string, string];
      const read = Object.hasOwn(resource.fieldLabels, field) ? resource.fieldLabels[field] : undefined;
      if (!read) throw badRequest(`field label not supported: ${field}`);
      return { read, equal: operator !== '!=', value };
    });
  return (object) => terms.every(({ read, equal, value }) => (read(object) === value) === equal);
}
