import type { Leg } from '../legs';
import { isOpen, legSent, type DispatchRecord } from './record';
import { withStore, type TwoWayDeps } from './two-way-deps';

/**
 * A record may not show a leg as sent yet: the forward's update failed (429, a slow Sync), its
 * outcome was unknown, or a fast auto-reply came before the write. The forward's own claim ("in"
 * for the chain's first leg, "fo" for a later one, as forwarding.ts names them) then says "sent",
 * with the message's SID: such a leg counts as reached, and the record notes it (legSent), so a
 * reply from that phone is not taken for a new dispatch. Only records missing this leg are
 * looked at: after a normal forward, none.
 */
export async function withUnnotedSends(deps: TwoWayDeps, records: DispatchRecord[], leg: Leg, now: Date): Promise<DispatchRecord[]> {
  const peek = deps.claims.peek?.bind(deps.claims);
  if (!peek) return records;
  return Promise.all(
    records.map(async (record) => {
      if (!isOpen(record, now) || !record.chain.includes(leg) || record.legs[leg]) return record;
      const claim = await peek(record.chain[0] === leg ? 'in' : 'fo', record.inboundSid, deps.deadline.within(deps.deadline.remaining() / 4));
      if (claim?.state !== 'sent' || claim.leg !== leg || claim.sid === undefined) return record;
      const sid = claim.sid;
      const at = new Date(claim.at);
      await withStore(deps, record.inboundSid, 'the send is not noted in the record', (share) => deps.store.update(record.inboundSid, (current) => legSent(current, leg, sid, at), share));
      return legSent(record, leg, sid, at);
    }),
  );
}
