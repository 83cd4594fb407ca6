import { validateLabelKey, validateLabelValue } from './names.js';
import { badRequest } from './status.js';

// Label selectors as k8s.io/apimachinery/pkg/labels parses them: `a=b`, `a==b`, `a!=b`, `a in (b,c)`,
// `a notin (b,c)`, `a` (exists), `!a` (does not exist), `a>1`, `a<1`, joined by commas.

export type Requirement =
  | { key: string; operator: 'in' | 'notin'; values: string[] }
  | { key: string; operator: 'exists' | 'doesnotexist' }
  | { key: string; operator: 'gt' | 'lt'; value: number };

/** A parsed selector; an empty one matches everything. */
export type LabelSelector = Requirement[];

type Token = { type: 'identifier' | 'operator'; text: string };

const OPERATORS = ['==', '!=', '=', '!', '(', ')', ',', '<', '>'];
const SPECIAL = new Set(['=', '!', '(', ')', ',', '<', '>']);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index] as string;
    if (/\s/.test(char)) {
      index++;
      continue;
    }
    const operator = OPERATORS.find((candidate) => text.startsWith(candidate, index));
    if (operator) {
      tokens.push({ type: 'operator', text: operator });
      index += operator.length;
      continue;
    }
    let end = index;
    while (end < text.length && !SPECIAL.has(text[end] as string) && !/\s/.test(text[end] as string)) end++;
    tokens.push({ type: 'identifier', text: text.slice(index, end) });
    index = end;
  }
  return tokens;
}

function parseError(text: string, why: string) {
  return badRequest(`unable to parse requirement: ${why} in selector ${JSON.stringify(text)}`);
}

export function parseLabelSelector(text: string): LabelSelector {
  const tokens = tokenize(text);
  const requirements: Requirement[] = [];
  let position = 0;
  const peek = () => tokens[position];
  const next = () => tokens[position++];
  const identifier = (what: string) => {
    const token = next();
    if (token?.type !== 'identifier')
      throw parseError(text, `expected ${what}, found ${token?.text ?? 'end'}`);
    return token.text;
  };
  const checkKey = (key: string) => {
    const why = validateLabelKey(key);
    if (why) throw parseError(text, `key: Invalid value: ${JSON.stringify(key)}: ${why}`);
    return key;
  };
  const checkValue = (value: string) => {
    const why = validateLabelValue(value);
    if (why) throw parseError(text, `values[0]: Invalid value: ${JSON.stringify(value)}: ${why}`);
    return value;
  };

  while (position < tokens.length) {
    if (peek()?.text === '!') {
      next();
      requirements.push({ key: checkKey(identifier('a key')), operator: 'doesnotexist' });
    } else {
      const key = checkKey(identifier('a key'));
      const operator = peek();
      if (operator === undefined || operator.text === ',') {
        requirements.push({ key, operator: 'exists' });
      } else if (operator.text === '=' || operator.text === '==' || operator.text === '!=') {
        next();
        // `a=` selects an empty value: the next token is then a comma or the end.
        const value = peek()?.type === 'identifier' ? identifier('a value') : '';
        requirements.push({
          key,
          operator: operator.text === '!=' ? 'notin' : 'in',
          values: [checkValue(value)],
        });
      } else if (operator.text === '<' || operator.text === '>') {
        next();
        const value = identifier('an integer');
        if (!/^-?\d+$/.test(value))
          throw parseError(text, `for 'Gt', 'Lt' operators, the value must be an integer`);
        requirements.push({ key, operator: operator.text === '>' ? 'gt' : 'lt', value: Number(value) });
      } else if (operator.type === 'identifier' && (operator.text === 'in' || operator.text === 'notin')) {
        next();
        if (next()?.text !== '(') throw parseError(text, `expected "(" after ${operator.text}`);
        const values: string[] = [];
        for (;;) {
          const token = next();
          if (token === undefined) throw parseError(text, 'expected ")"');
          if (token.text === ')') break;
          if (token.text === ',') continue;
          if (token.type !== 'identifier') throw parseError(text, `unexpected ${token.text} in value list`);
          values.push(checkValue(token.text));
        }
        requirements.push({ key, operator: operator.text, values });
      } else {
        throw parseError(text, `found '${operator.text}', expected: in, notin, =, ==, !=, gt, lt`);
      }
    }
    const separator = next();
    if (separator !== undefined && separator.text !== ',') {
      throw parseError(text, `found '${separator.text}', expected: ',' or 'end of string'`);
    }
  }
  return requirements;
}

export function matchesLabels(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  return selector.every((requirement) => {
    const has = labels !== undefined && Object.hasOwn(labels, requirement.key);
    const value = has ? labels[requirement.key] : undefined;
    switch (requirement.operator) {
      case 'exists':
        return has;
      case 'doesnotexist':
        return !has;
      case 'in':
        return has && requirement.values.includes(value as string);
      case 'notin':
        return !has || !requirement.values.includes(value as string);
      default: {
        if (!has || !/^-?\d+$/.test(value as string)) return false;
        const number = Number(value);
        return requirement.operator === 'gt' ? number > requirement.value : number < requirement.value;
      }
    }
  });
}
