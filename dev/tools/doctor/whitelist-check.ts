import { readFileSync } from 'node:fs';
import { maskNumber, type CountryCode } from '../../../src/core/phone';
import { parseWhitelist, WhitelistError } from '../../../src/core/whitelist';
import { error, ok, warn, type Finding } from '../findings';
import { countryNote } from '../whitelist/whitelist-document';

/**
 * The whitelist asset as the relay will read it (parseWhitelist): how many senders it lets
 * through, each one's number (masked) and country, so that a number read as another country's
 * than meant shows, and every entry it would skip. A skipped entry is someone who believes they
 * are on the list and is not, so it is an error, and so is a name the relay must cut; a repeated
 * number is only a warning (the first one is used).
 */
export function whitelistFindings(path: string, region: CountryCode): Finding[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (caught) {
    return [error(`whitelist ${path} cannot be read (${(caught as NodeJS.ErrnoException).code}): without it the relay forwards nothing`)];
  }
  try {
    const { senders, entries, skipped, cut } = parseWhitelist(text, region);
    return [
      ok(`whitelist ${path}: ${senders.size} valid sender${senders.size === 1 ? '' : 's'} (region ${region} for numbers without +country)`),
      ...entries.map(({ index, sender, regionAssumed }) => ok(`whitelist entry #${index}: ${maskNumber(sender.number)} [${countryNote(sender.number, regionAssumed, region)}]`)),
      ...skipped.map(({ index, reason }) =>
        /more than once/.test(reason) ? warn(`whitelist entry #${index}: ${reason}`) : error(`whitelist entry #${index} rejected: ${reason}`),
      ),
      ...cut.map(({ index, reason }) => error(`whitelist entry #${index}: ${reason}; shorten it`)),
    ];
  } catch (caught) {
    if (!(caught instanceof WhitelistError)) throw caught;
    return [error(`whitelist ${path}: ${caught.message}; the relay would forward nothing`)];
  }
}
