import { readFileSync } from 'node:fs';
import type { CountryCode } from '../../../src/core/phone';
import { parseWhitelist, WhitelistError } from '../../../src/core/whitelist';
import { error, ok, warn, type Finding } from '../findings';

/**
 * The whitelist asset as the relay will read it (parseWhitelist): how many senders it lets
 * through, and every entry it would skip. A skipped entry is someone who believes they are on the
 * list and is not, so it is an error; a repeated number is only a warning (the first one is used).
 */
export function whitelistFindings(path: string, region: CountryCode): Finding[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (caught) {
    return [error(`whitelist ${path} cannot be read (${(caught as NodeJS.ErrnoException).code}): without it the relay forwards nothing`)];
  }
  try {
    const { senders, skipped } = parseWhitelist(text, region);
    return [
      ok(`whitelist ${path}: ${senders.size} valid sender${senders.size === 1 ? '' : 's'} (region ${region} for numbers without +country)`),
      ...skipped.map(({ index, reason }) =>
        /more than once/.test(reason) ? warn(`whitelist entry #${index}: ${reason}`) : error(`whitelist entry #${index} rejected: ${reason}`),
      ),
    ];
  } catch (caught) {
    if (!(caught instanceof WhitelistError)) throw caught;
    return [error(`whitelist ${path}: ${caught.message}; the relay would forward nothing`)];
  }
}
