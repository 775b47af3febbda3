import { parseForm, type FormParams } from '../../dev/form';

/**
 * SDK options (camelCase, e.g. createParams' output) as they reach Twilio: the twilio SDK names
 * each in PascalCase and form-encodes a list by repeating its key; read back with the emulator's
 * own parser, so a single MediaUrl arrives as a string and several as a list.
 */
export function onTheWire(options: object): FormParams {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(options)) {
    for (const item of [value].flat()) form.append(name[0].toUpperCase() + name.slice(1), String(item));
  }
  return parseForm(form.toString());
}
