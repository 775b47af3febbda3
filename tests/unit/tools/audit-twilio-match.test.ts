/** --from-twilio's matching of Twilio's Message records to dispatches (dev/tools/audit/twilio-match.ts). */
import { buildChains } from '../../../dev/tools/audit/chains';
import { linesFromTwilio, type TwilioMessage } from '../../../dev/tools/audit/twilio-match';

const NUMBERS = { relay: '+16195550000', primary: '+16195550111', backup: '+16195550122' };
const T0 = Date.parse('2026-10-01T10:00:00Z');
const sid = (n: number) => `SM${n.toString(16).padStart(32, '0')}`;
const msg = (n: number, from: string, to: string, body: string, status: string, second: number, errorCode: number | null = null): TwilioMessage => ({
  sid: sid(n), from, to, body, status, errorCode, dateCreated: new Date(T0 + second * 1000), dateUpdated: new Date(T0 + (second + 2) * 1000), numMedia: 0, messagingServiceSid: null,
});
const chainsOf = (inbound: TwilioMessage[], forwards: TwilioMessage[]) => buildChains(linesFromTwilio(inbound, forwards, NUMBERS, 86_400_000)).chains;

test('two dispatchers at once: each forward goes to the inbound whose sender and text it carries', () => {
  const inbound = [msg(1, '+16195550100', NUMBERS.relay, 'Fire at gate 3', 'received', 0), msg(2, '+18585550123', NUMBERS.relay, 'Flood', 'received', 0)];
  const forwards = [
    msg(11, NUMBERS.relay, NUMBERS.primary, 'From Dispatch (+16195550100) #7: Fire at gate 3', 'delivered', 1),
    msg(12, NUMBERS.relay, NUMBERS.primary, 'From +18585550123: Flood', 'undelivered', 1, 30003),
    msg(13, NUMBERS.relay, NUMBERS.backup, '[degraded mode] From +18585550123: Flood', 'failed', 6, 30005),
  ];
  const [a, b] = chainsOf(inbound, forwards);
  expect(a).toMatchObject({ inbound: sid(1), outcome: 'delivered', code: 7, deliveredBy: 'primary' });
  expect(b).toMatchObject({ inbound: sid(2), outcome: 'exhausted' });
  expect(b.lines.at(-1)).toMatchObject({ audit: 'exhausted', errorCode: '30005', primaryErrorCode: '30003', source: 'twilio' });
});

test('redacted bodies: a forward is matched by time, and a reply acknowledges the latest open dispatch of its phone', () => {
  const inbound = [msg(1, '+16195550100', NUMBERS.relay, '', 'received', 0), msg(2, NUMBERS.primary, NUMBERS.relay, '', 'received', 90)];
  const [chain] = chainsOf(inbound, [msg(11, NUMBERS.relay, NUMBERS.primary, '', 'delivered', 1)]);
  expect(chain).toMatchObject({ outcome: 'delivered', acknowledged: { leg: 'primary', seconds: 90 } });
});

test("a failover notice is matched by the SID it names, and is notice-only; a code no dispatch has is a reply that matched none", () => {
  const inbound = [msg(1, '+16195550100', NUMBERS.relay, 'Help', 'received', 0), msg(2, NUMBERS.backup, NUMBERS.relay, '#99 ok', 'received', 60)];
  const forwards = [
    msg(11, NUMBERS.relay, NUMBERS.primary, 'From Dispatch (+16195550100) #4: Help', 'undelivered', 1, 30003),
    msg(12, NUMBERS.relay, NUMBERS.backup, `[relay notice] A dispatch did not reach the primary phone and could not be re-read. Look up message ${sid(1)} (primary copy ${sid(11)}) in the Twilio Console.`, 'delivered', 6),
  ];
  const chains = chainsOf(inbound, forwards);
  expect(chains.find((c) => c.inbound === sid(1))).toMatchObject({ outcome: 'notice-only', code: 4 });
  expect(chains.find((c) => c.inbound === sid(1))?.acknowledged).toBeUndefined();
  expect(chains.find((c) => c.inbound === sid(2))?.kind).toBe('reply');
});

test('nothing forwarded: a keyword, a stranger (rejected), a known sender (not-forwarded: the logs say why)', () => {
  const inbound = [
    msg(1, '+16195550100', NUMBERS.relay, 'Help', 'received', 0), msg(2, '+16195550100', NUMBERS.relay, ' stop ', 'received', 10),
    msg(3, '+16195550199', NUMBERS.relay, 'hi', 'received', 20), msg(4, '+16195550100', NUMBERS.relay, 'again', 'received', 30),
  ];
  const outcomes = chainsOf(inbound, [msg(11, NUMBERS.relay, NUMBERS.primary, 'From Dispatch (+16195550100): Help', 'delivered', 1)]).map((c) => c.outcome);
  expect(outcomes).toEqual(['delivered', 'keyword', 'rejected', 'not-forwarded']);
});

test('a scheduled copy canceled after the acknowledgement is no failure, and reached nobody', () => {
  const inbound = [msg(1, '+16195550100', NUMBERS.relay, 'Help', 'received', 0), msg(2, NUMBERS.backup, NUMBERS.relay, 'me?', 'received', 400)];
  const forwards = [
    msg(11, NUMBERS.relay, NUMBERS.primary, 'From Dispatch (+16195550100) #4: Help', 'delivered', 1),
    msg(12, NUMBERS.relay, NUMBERS.backup, '[escalated] From Dispatch (+16195550100) #4: Help', 'canceled', 1),
  ];
  const [chain, reply] = chainsOf(inbound, forwards);
  expect(chain).toMatchObject({ outcome: 'delivered', deliveredBy: 'primary' });
  expect(chain.lines.map((l) => `${l.audit} ${l.status ?? ''}`.trim())).toEqual(['received', 'forwarded queued', 'delivered delivered', 'status canceled']);
  expect(reply.kind).toBe('reply');
});

test("only the relay's forwards count: not its other texts to a phone, nor another sender's", () => {
  const inbound = [msg(1, '+16195550100', NUMBERS.relay, 'Help', 'received', 0)];
  const forwards = [
    msg(11, NUMBERS.relay, NUMBERS.primary, 'From Dispatch (+16195550100) #4: Help', 'undelivered', 1, 30003),
    msg(12, NUMBERS.relay, NUMBERS.backup, '#4 taken by Primary', 'delivered', 6),
    msg(13, '+16195559999', NUMBERS.backup, 'From Dispatch (+16195550100) #4: Help', 'delivered', 6),
    { ...msg(14, '+16195558888', NUMBERS.backup, 'From Dispatch (+16195550100) #4: Help', 'failed', 7, 30005), messagingServiceSid: 'MG' + '1'.repeat(32) },
  ];
  expect(chainsOf(inbound, forwards)[0].outcome).toBe('failed-over-pending');
  const viaService = buildChains(linesFromTwilio(inbound, forwards, { ...NUMBERS, messagingServiceSid: 'MG' + '1'.repeat(32) }, 86_400_000)).chains[0];
  expect(viaService.outcome).toBe('exhausted');
});
