import type { Audit } from './twilio/audit';
import type { CountryCode } from './phone';
import { parseWhitelist, WhitelistError, type Whitelist } from './whitelist';

/** The slice of Runtime.getAssets() this module reads. */
export type AssetMap = Record<string, { path: string; open(): string } | undefined>;

export const WHITELIST_ASSET = '/whitelist.json';

export interface LoadedWhitelist {
  whitelist: Whitelist;
  /** True the first time this container parses the asset, so its report is logged once, not per message. */
  fresh: boolean;
}

// One parse per container: assets cannot change under a running deployment.
// Failures are not cached, so a locally fixed file is picked up on the next message.
let cache: { key: string; whitelist: Whitelist } | undefined;

export function loadWhitelist(assets: AssetMap, defaultRegion: CountryCode): LoadedWhitelist {
  const asset = assets[WHITELIST_ASSET];
  if (!asset) {
    throw new WhitelistError(`private asset ${WHITELIST_ASSET} is missing (src/assets/whitelist.private.json)`);
  }
  const key = `${asset.path}|${defaultRegion}`;
  if (cache?.key === key) return { whitelist: cache.whitelist, fresh: false };

  let text: string;
  try {
    text = asset.open();
  } catch (error) {
    throw new WhitelistError(`private asset ${WHITELIST_ASSET} cannot be read: ${(error as Error).message}`);
  }
  const whitelist = parseWhitelist(text, defaultRegion);
  cache = { key, whitelist };
  return { whitelist, fresh: true };
}

/** For tests that load several whitelists in one process. */
export function forgetCachedWhitelist(): void {
  cache = undefined;
}

/** Loads the whitelist and, the first time a container parses it, audits what it holds and skipped. */
export function whitelistFor(assets: AssetMap, defaultRegion: CountryCode, audit: Audit): Whitelist {
  const { whitelist, fresh } = loadWhitelist(assets, defaultRegion);
  if (fresh) {
    const list = (entries: readonly { index: number; reason: string }[]) => entries.map((entry) => `#${entry.index} ${entry.reason}`).join('; ');
    const skipped = list(whitelist.skipped);
    const cut = list(whitelist.cut);
    audit({
      event: 'whitelist',
      level: skipped || cut ? 'warn' : 'info',
      reason: `${whitelist.senders.size} sender(s) loaded${skipped ? `; skipped ${skipped}` : ''}${cut ? `; ${cut}` : ''}`,
    });
  }
  return whitelist;
}
