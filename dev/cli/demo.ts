import { readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCreateTo, isMessageListTo } from '../emulator/faults';
import { startEmulator, type Emulator } from '../emulator/server';
import { assetsWithWhitelist, FAKE, FAKE_ACCOUNT, FAKE_WHITELIST, fakeEnv, inboundSms } from '../fixtures';
import { postSigned } from '../signed-post';
import { startGatedRelay } from '../twilio-run-process';
import { waitFor } from '../wait-for';

const HELP = `Usage: npm run demo

Shows the relay working with no Twilio account and no network: starts the project's Twilio API
emulator and the relay (npm start, signature gate included) on free loopback ports with a fake
configuration and a demo whitelist, with the emulator's Sync (so two-way dispatch is on), then
sends signed webhooks and shows what the phones and the dispatcher got. Last, a second relay with
ACK_TIMEOUT_MINUTES=15 and a Messaging Service shows a dispatch escalating to the backup once the
emulator's clock passes the deadline (the clock is moved: nothing waits 15 minutes), and a third
with PAGE_BY_CALL=true shows a page acknowledged by pressing 1 and one that escalates.
Exits 0 when every step behaved as described, 1 otherwise.`;

const say = (text = '') => console.log(text);
const step = (n: number, text: string) => say(`\n── ${n}. ${text}`);

function expectThat(ok: boolean, what: string): void {
  if (!ok) throw new Error(`demo step failed: ${what}`);
  say(`   ✓ ${what}`);
}

function showSent(emulator: Emulator, to: string, label: string, since: number): number {
  const sent = emulator.sentTo(to).slice(since);
  for (const message of sent) say(`   ${label} ${to} got: "${message.body}"`);
  return sent.length;
}

async function main() {
  if (process.argv.includes('--help')) return say(HELP);
  const auditDir = mkdtempSync(join(tmpdir(), 'sms-relay-demo-'));
  const auditPath = join(auditDir, 'audit.jsonl');
  const assets = assetsWithWhitelist(FAKE_WHITELIST);
  // Real time, until step 7 moves it on: Twilio's scheduled messages fall due by this clock.
  const clock = { offset: 0, now: () => Date.now() + clock.offset, advance: (ms: number) => void (clock.offset += ms) };
  const emulator = await startEmulator({ ...FAKE_ACCOUNT, clock });
  let escalating: Awaited<ReturnType<typeof startGatedRelay>> | undefined;
  let paging: Awaited<ReturnType<typeof startGatedRelay>> | undefined;
  const relay = await startGatedRelay({ env: fakeEnv(emulator.url, { AUDIT_LOG_FILE: auditPath, SYNC_SERVICE_SID: FAKE.syncServiceSid }), assetsFolder: assets.folder }).catch(async (error) => {
    await emulator.close();
    throw error;
  });
  const auditLines = () => (existsSync(auditPath) ? readFileSync(auditPath, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);
  const send = async (params: Record<string, string>, key: string | null = FAKE.authToken) => {
    const answer = await postSigned(`${relay.url}/sms/incoming`, params, key);
    await emulator.idle();
    return answer;
  };

  try {
    say('sms-relay demo: everything below runs on this machine; no Twilio account, no network.');
    say(`   relay (npm start, signature gate): ${relay.url}    Twilio API emulator: ${emulator.url}`);
    say(`   relay number ${FAKE.relayNumber}, PRIMARY ${FAKE.primaryNumber}, BACKUP ${FAKE.backupNumber}`);
    say(`   whitelist: Dispatch ${FAKE.dispatcher.number}, ${FAKE.fieldUnit}`);

    step(1, 'Dispatch texts the relay number; the primary phone gets it.');
    let primarySeen = 0;
    let backupSeen = 0;
    const first = inboundSms(FAKE.dispatcher.number, 'Structure fire, 400 Elm St. Engine 7 respond.');
    await send(first);
    await waitFor('delivery of message 1', () => auditLines().some((l) => l.inbound === first.MessageSid && l.audit === 'delivered'));
    expectThat(showSent(emulator, FAKE.primaryNumber, 'PRIMARY', primarySeen) === 1, 'exactly one message to the primary, none to the backup');
    primarySeen = emulator.sentTo(FAKE.primaryNumber).length;

    step(2, 'The primary answers "On my way"; the dispatcher gets it, with the dispatch\'s code.');
    let dispatcherSeen = 0;
    await send(inboundSms(FAKE.primaryNumber, 'On my way'));
    dispatcherSeen = showSent(emulator, FAKE.dispatcher.number, 'DISPATCH', dispatcherSeen);
    expectThat(dispatcherSeen === 1 && /^#\d+ Primary: On my way$/.test(emulator.sentTo(FAKE.dispatcher.number)[0].body), 'the reply reached the dispatcher, naming the code and who answered');

    step(3, 'Twilio\'s answer to the next forward is lost: unsure, the relay sends the backup too, and the primary answers it.');
    emulator.faults.push({ match: isCreateTo(FAKE.primaryNumber), fault: { kind: 'reset', afterProcessing: true }, times: 1 });
    emulator.faults.push({ match: isMessageListTo(FAKE.primaryNumber), fault: { kind: 'status', status: 500 }, times: Infinity });
    const both = inboundSms(FAKE.dispatcher.number, 'Gas leak reported, 12 Oak Ave.');
    await send(both);
    emulator.faults.length = 0;
    await waitFor('both deliveries', () => auditLines().filter((l) => l.inbound === both.MessageSid && l.audit === 'delivered').length === 2);
    primarySeen += showSent(emulator, FAKE.primaryNumber, 'PRIMARY', primarySeen);
    backupSeen += showSent(emulator, FAKE.backupNumber, 'BACKUP ', backupSeen);
    const code = /#(\d+):/.exec(emulator.sentTo(FAKE.backupNumber).at(-1)?.body ?? '')?.[1];
    await send(inboundSms(FAKE.primaryNumber, `#${code} Taking it`));
    dispatcherSeen += showSent(emulator, FAKE.dispatcher.number, 'DISPATCH', dispatcherSeen);
    const taken = showSent(emulator, FAKE.backupNumber, 'BACKUP ', backupSeen);
    backupSeen += taken;
    expectThat(taken === 1 && emulator.sentTo(FAKE.backupNumber).at(-1)?.body === `#${code} taken by Primary`, 'the backup was told, once, that the primary took it');

    step(4, 'The primary phone becomes unreachable (carrier error 30003); the backup gets the next message.');
    emulator.script[FAKE.primaryNumber] = { outcome: 'undelivered', errorCode: 30003 };
    const second = inboundSms(FAKE.fieldUnit, 'Need a second unit at the north gate.');
    await send(second);
    await waitFor('the failover', () => auditLines().some((l) => l.inbound === second.MessageSid && l.audit === 'delivered' && l.leg === 'backup'));
    showSent(emulator, FAKE.primaryNumber, 'PRIMARY', primarySeen);
    say('   …the primary reports "undelivered" (30003) through the status callback, so:');
    const failedOver = showSent(emulator, FAKE.backupNumber, 'BACKUP ', backupSeen);
    expectThat(failedOver === 1, 'exactly one message to the backup after the primary failed');

    step(5, 'A number not on the whitelist texts the relay; nothing is sent, no reply.');
    const before = emulator.messages.size;
    const third = inboundSms(FAKE.stranger, 'Hi, who is this?');
    const rejected = await send(third);
    expectThat(emulator.messages.size === before, 'no message sent');
    expectThat(rejected.text === '<?xml version="1.0" encoding="UTF-8"?><Response/>', 'the answer is an empty <Response/> (no reply to the sender)');

    step(6, 'Someone without the Auth Token posts a fake webhook.');
    const spoof = await send(inboundSms(FAKE.dispatcher.number, 'Fake dispatch'), null);
    expectThat(spoof.status === 401, `unsigned request refused: HTTP ${spoof.status} "${spoof.text.trim()}"`);
    expectThat(emulator.messages.size === before, 'no message sent');

    step(7, 'Escalation: a relay with ACK_TIMEOUT_MINUTES=15; nobody answers a dispatch, and 15 minutes pass.');
    emulator.script[FAKE.primaryNumber] = { outcome: 'delivered' };
    [primarySeen, backupSeen, dispatcherSeen] = [FAKE.primaryNumber, FAKE.backupNumber, FAKE.dispatcher.number].map((n) => emulator.sentTo(n).length);
    escalating = await startGatedRelay({
      env: fakeEnv(emulator.url, { SYNC_SERVICE_SID: FAKE.syncServiceSid, MESSAGING_SERVICE_SID: 'MG' + 'f6'.repeat(16), ACK_TIMEOUT_MINUTES: '15' }),
      assetsFolder: assets.folder,
    });
    await postSigned(`${escalating.url}/sms/incoming`, inboundSms(FAKE.dispatcher.number, 'Water main break, 3rd and Pine.'), FAKE.authToken);
    await emulator.idle();
    const [copy] = emulator.sentTo(FAKE.backupNumber).slice(backupSeen).filter((m) => m.status === 'scheduled');
    say(`   Twilio holds the backup's copy, scheduled for ${copy?.sendAt?.toISOString()} (the forward + 15 min)`);
    primarySeen += showSent(emulator, FAKE.primaryNumber, 'PRIMARY', primarySeen);
    say('   …the emulator\'s clock moves 15 minutes on; Twilio sends the copy by itself:');
    await emulator.advance(15 * 60_000 + 1000);
    const escalated = showSent(emulator, FAKE.backupNumber, 'BACKUP ', backupSeen);
    backupSeen += escalated;
    expectThat(escalated === 1 && /not acknowledged by Primary in 15 min/.test(emulator.sentTo(FAKE.backupNumber).at(-1)!.body), 'the dispatch escalated: one message to the backup');
    const escalatedCode = /#(\d+),/.exec(emulator.sentTo(FAKE.backupNumber).at(-1)!.body)?.[1];
    await postSigned(`${escalating.url}/sms/incoming`, inboundSms(FAKE.backupNumber, `#${escalatedCode} Backup rolling`), FAKE.authToken);
    await emulator.idle();
    const toDispatcher = emulator.sentTo(FAKE.dispatcher.number).slice(dispatcherSeen).filter((m) => m.status !== 'canceled');
    for (const message of toDispatcher) say(`   DISPATCH ${FAKE.dispatcher.number} got: "${message.body}"`);
    const told = showSent(emulator, FAKE.primaryNumber, 'PRIMARY', primarySeen);
    expectThat(toDispatcher.length === 1 && told === 1, 'the backup\'s reply reached the dispatcher, and the primary was told the backup took it');

    step(8, 'Paging: a relay with PAGE_BY_CALL=true also calls the primary; it answers and presses 1.');
    await escalating.stop();
    escalating = undefined;
    paging = await startGatedRelay({
      env: fakeEnv(emulator.url, { SYNC_SERVICE_SID: FAKE.syncServiceSid, MESSAGING_SERVICE_SID: 'MG' + 'f6'.repeat(16), ACK_TIMEOUT_MINUTES: '15', PAGE_BY_CALL: 'true' }),
      assetsFolder: assets.folder,
    });
    const page = async (text: string) => {
      await postSigned(`${paging!.url}/sms/incoming`, inboundSms(FAKE.dispatcher.number, text), FAKE.authToken);
      await emulator.idle();
    };
    const heard = (to: string) => [...emulator.calls.values()].filter((call) => call.to === to).at(-1)?.log.flatMap((e) => (e.kind === 'say' ? [e.text] : [])) ?? [];
    emulator.callees[FAKE.primaryNumber] = { outcome: 'human', presses: ['1'] };
    dispatcherSeen = emulator.sentTo(FAKE.dispatcher.number).length;
    await page('Gas leak at the school.');
    say(`   PRIMARY ${FAKE.primaryNumber} heard: "${heard(FAKE.primaryNumber)[0]}", pressed 1, heard "${heard(FAKE.primaryNumber)[1]}"`);
    const ack = emulator.sentTo(FAKE.dispatcher.number).slice(dispatcherSeen).filter((m) => m.status !== 'scheduled' && m.status !== 'canceled');
    for (const message of ack) say(`   DISPATCH ${FAKE.dispatcher.number} got: "${message.body}"`);
    expectThat(ack.length === 1 && /acknowledged by Primary \(call\)$/.test(ack[0].body), 'pressing 1 acknowledged the dispatch, and the dispatcher was told');
    say('   The next dispatch: the primary does not answer; the emulator\'s clock moves on 21 s.');
    emulator.callees[FAKE.primaryNumber] = { outcome: 'no-answer' };
    emulator.callees[FAKE.backupNumber] = { outcome: 'human', presses: ['1'] };
    backupSeen = emulator.sentTo(FAKE.backupNumber).length;
    await page('Power line down on Oak Rd.');
    await emulator.advance(21_000);
    const texted = emulator.sentTo(FAKE.backupNumber).slice(backupSeen).filter((m) => m.status !== 'scheduled' && m.status !== 'canceled');
    for (const message of texted) say(`   BACKUP  ${FAKE.backupNumber} got: "${message.body}"`);
    say(`   BACKUP  ${FAKE.backupNumber} heard: "${heard(FAKE.backupNumber)[0]}" and pressed 1`);
    expectThat(texted.length === 1 && heard(FAKE.backupNumber).length === 2, 'the page escalated: the backup was texted and paged at once, and its 1 acknowledged');

    step(9, 'The audit trail of the first relay (numbers masked, no message text):');
    for (const line of auditLines()) {
      const { ts, audit, level, inbound, code, leg, status, errorCode, reason } = line;
      const parts = [String(ts).slice(11, 23), String(level).padEnd(5), String(audit).padEnd(12), inbound ? `in=…${String(inbound).slice(-6)}` : '', code ? `#${code}` : '', leg ? `leg=${leg}` : '', status ? `status=${status}` : '', errorCode ? `error=${errorCode}` : '', reason ?? ''];
      say(`   ${parts.filter(Boolean).join('  ')}`);
    }
    say('\nDemo complete: forward, reply, "taken" notice, failover, rejection, 401, escalation and paging all behaved as described.');
  } finally {
    await escalating?.stop();
    await paging?.stop();
    await relay.stop();
    await emulator.close();
    assets.remove();
    rmSync(auditDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`\n${(error as Error).message}`);
  process.exit(1);
});
