/**
 * Checks form-encoded parameters (a POST body or a query string) against an object schema: no
 * unknown names, required ones present, each value as its property says. A key repeated on the
 * wire arrives as a list, which only an array property (MediaUrl) may take.
 */
import type { FormParams } from '../form';
import { resolve, type OpenApiDocument, type Parameter, type Schema } from './openapi';
import { checkValue } from './value-check';

const present = (value: string | string[] | undefined) => (Array.isArray(value) ? value.some((v) => v !== '') : !!value);

/** Twilio's conditional groups name fields in snake_case (media_url); properties are PascalCase. */
const loose = (name: string) => name.replace(/_/g, '').toLowerCase();

function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}

function unknown(name: string, known: string[]): string {
  const close = known.find((k) => loose(k) === loose(name)) ?? known.find((k) => distance(k, name) <= 2);
  return `unknown parameter ${name}${close ? ` (did you mean ${close}?)` : ''}`;
}

/** Every problem with `params`; `conditional` lists groups of which at least one must be present. */
export function checkForm(doc: OpenApiDocument, params: FormParams, schema: Schema, conditional: string[][] = []): string[] {
  const properties = schema.properties ?? {};
  const names = Object.keys(properties);
  const problems: string[] = [];

  for (const [name, value] of Object.entries(params)) {
    const property = properties[name] ? resolve(doc, properties[name]) : undefined;
    if (!property) {
      problems.push(unknown(name, names));
    } else if (property.type === 'array') {
      for (const item of [value].flat()) problems.push(checkValue(doc, name, item, property.items ?? {}) ?? '');
    } else if (Array.isArray(value)) {
      problems.push(`${name} is given ${value.length} times, but the spec declares a single ${property.type ?? 'value'}`);
    } else {
      problems.push(checkValue(doc, name, value, property) ?? '');
    }
  }
  for (const name of schema.required ?? []) {
    if (!present(params[name])) problems.push(`missing required parameter ${name}`);
  }
  for (const group of conditional) {
    const members = group.map((field) => names.find((n) => loose(n) === loose(field)) ?? field);
    if (!members.some((name) => present(params[name]))) problems.push(`one of ${members.join(', ')} is required`);
  }
  return problems.filter(Boolean);
}

/** The query parameters an operation declares, as an object schema for checkForm. */
export function querySchema(parameters: Parameter[]): Schema {
  const query = parameters.filter((p) => p.in === 'query');
  return {
    type: 'object',
    properties: Object.fromEntries(query.map((p) => [p.name, p.schema])),
    required: query.filter((p) => p.required).map((p) => p.name),
  };
}
