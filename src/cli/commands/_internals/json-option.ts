import { readFileSync } from 'node:fs';
import { InputError } from '../../../errors.js';

/**
 * The JSON value of an option given inline (text starting with `{` or `[`) or as the path of a JSON file; bad
 * input is an InputError naming the option.
 */
export function readJsonOption(label: string, raw: string): unknown {
  const text = raw.trim();
  let source = text;
  if (!text.startsWith('{') && !text.startsWith('[')) {
    try {
      source = readFileSync(text, 'utf8');
    } catch {
      throw new InputError(`${label}: "${text}" is neither inline JSON nor a readable file`);
    }
  }
  try {
    return JSON.parse(source) as unknown;
  } catch (e) {
    throw new InputError(`${label}: not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}
