import { readFile } from 'node:fs/promises';
import { CliError } from '../CliError.js';

/** Reads and parses a JSON file, turning "missing" and "not JSON" into one clear CLI error naming the file. */
export async function readJsonFile(path: string, what: string, code = 'FILE'): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const errno = (error as NodeJS.ErrnoException).code;
    throw new CliError(code, `${what} not found: ${path}${errno === 'ENOENT' ? '' : ` (${errno})`}`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(code, `${what} is not valid JSON (truncated or edited?): ${path}`, { cause: error });
  }
}
