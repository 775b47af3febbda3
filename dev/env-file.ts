import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

/** Reads a dotenv file; empty values count as unset, as twilio-run treats them. */
export function readEnvFile(path: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read env file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const parsed = parseEnv(text) as Record<string, string>;
  return Object.fromEntries(Object.entries(parsed).filter(([, value]) => value !== ''));
}
