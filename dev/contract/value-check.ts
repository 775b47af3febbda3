/** Checks one form, query or path value (always text on the wire) against its schema. */
import { resolve, type OpenApiDocument, type Schema } from './openapi';

const E164 = /^\+[1-9]\d{1,14}$/;

const isUri = (text: string) => /^[a-z][a-z0-9+.-]*:/i.test(text) && URL.canParse(text);

/** The formats twilio-oai uses that a value can be checked for; others (twiml, endpoint) are not. */
const FORMATS: Record<string, { test: (text: string) => boolean; hint: string }> = {
  // Twilio also takes channel addresses (whatsapp:+1…) here; the relay sends SMS only, so E.164.
  'phone-number': { test: (t) => E164.test(t), hint: 'an E.164 phone number such as +16195550100' },
  uri: { test: isUri, hint: 'an absolute URI' },
  'date-time': { test: (t) => !Number.isNaN(Date.parse(t)), hint: 'a date-time' },
  date: { test: (t) => /^\d{4}-\d{2}-\d{2}$/.test(t), hint: 'a date YYYY-MM-DD' },
  'http-method': { test: (t) => /^(GET|POST)$/i.test(t), hint: 'GET or POST' },
  'iso-country-code': { test: (t) => /^[A-Z]{2}$/.test(t), hint: 'an ISO country code such as US' },
};

const TYPES: Record<string, (text: string) => boolean> = {
  integer: (t) => /^-?\d+$/.test(t),
  number: (t) => t.trim() !== '' && Number.isFinite(Number(t)),
  boolean: (t) => /^(true|false)$/i.test(t),
};

const shown = (text: string) => JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);

/** What is wrong with `text` as the value of `name`, or undefined when it fits. */
export function checkValue(doc: OpenApiDocument, name: string, text: string, schemaOrRef: Schema): string | undefined {
  const schema = resolve(doc, schemaOrRef);
  const bad = (what: string) => `${name}: ${shown(text)} ${what}`;
  if (schema.type && TYPES[schema.type] && !TYPES[schema.type](text)) return bad(`is not of type ${schema.type}`);
  if (schema.enum && !schema.enum.includes(text)) return bad(`is not one of ${schema.enum.join(', ')}`);
  // MediaUrl items carry x-twilio.ignoreFormat, a hint for Twilio's SDK generators to type them as
  // plain strings; the API itself still refuses a non-URL (error 21620), so the format is checked.
  const format = schema.format ? FORMATS[schema.format] : undefined;
  if (format && !format.test(text)) return bad(`is not ${format.hint} (format ${schema.format})`);
  if (schema.pattern && !new RegExp(schema.pattern).test(text)) return bad(`does not match ${schema.pattern}`);
  const length = [...text].length;
  if (schema.minLength !== undefined && length < schema.minLength) return bad(`is shorter than ${schema.minLength} characters`);
  if (schema.maxLength !== undefined && length > schema.maxLength) return bad(`is longer than ${schema.maxLength} characters`);
  if (schema.minimum !== undefined && Number(text) < schema.minimum) return bad(`is below the minimum ${schema.minimum}`);
  if (schema.maximum !== undefined && Number(text) > schema.maximum) return bad(`is above the maximum ${schema.maximum}`);
  return undefined;
}
