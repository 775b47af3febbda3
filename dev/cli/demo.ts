import { readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../emulator/server';
import { assetsWithWhitelist, FAKE, FAKE_ACCOUNT, FAKE_WHITELIST, fakeEnv, inboundSms } from '../fixtures';
import { postSigned } from '../signed-post';
import { startGatedRelay } from '../twilio-run-process';
import { waitFor } from '../wait-for';

const HELP = `Usage: npm run demo

Shows the relay working with no Twilio account and no network: starts the project's Twilio API
emulator and the relay (npm start, signature gate included) on free loopback ports with a fake
configuration and a demo whitelist, then sends signed webhooks and shows what the phones got.
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
  const emulator = await startEmulator(FAKE_ACCOUNT);
  const relay = await startGatedRelay({ env: fakeEnv(emulator.url, { AUDIT_LOG_FILE: auditPath }), assetsFolder: assets.folder }).catch(async (error) => {
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

    step(2, 'The primary phone becomes unreachable (carrier error 30003); the backup gets the next message.');
    emulator.script[FAKE.primaryNumber] = { outcome: 'undelivered', errorCode: 30003 };
    const second = inboundSms(FAKE.fieldUnit, 'Need a second unit at the north gate.');
    await send(second);
    await waitFor('the failover', () => auditLines().some((l) => l.inbound === second.MessageSid && l.audit === 'delivered' && l.leg === 'backup'));
    showSent(emulator, FAKE.primaryNumber, 'PRIMARY', primarySeen);
    say('   …the primary reports "undelivered" (30003) through the status callback, so:');
    backupSeen = showSent(emulator, FAKE.backupNumber, 'BACKUP ', backupSeen);
    expectThat(backupSeen === 1, 'exactly one message to the backup after the primary failed');

    step(3, 'A number not on the whitelist texts the relay; nothing is sent, no reply.');
    const before = emulator.messages.size;
    const third = inboundSms(FAKE.stranger, 'Hi, who is this?');
    const rejected = await send(third);
    expectThat(emulator.messages.size === before, 'no message sent');
    expectThat(rejected.text === '<?xml version="1.0" encoding="UTF-8"?><Response/>', 'the answer is an empty <Response/> (no reply to the sender)');

    step(4, 'Someone without the Auth Token posts a fake webhook.');
    const spoof = await send(inboundSms(FAKE.dispatcher.number, 'Fake dispatch'), null);
    expectThat(spoof.status === 401, `unsigned request refused: HTTP ${spoof.status} "${spoof.text.trim()}"`);
    expectThat(emulator.messages.size === before, 'no message sent');

    step(5, 'The audit trail (numbers masked, no message text):');
    for (const line of auditLines()) {
      const { ts, audit, level, inbound, leg, status, errorCode, reason } = line;
      const parts = [String(ts).slice(11, 23), String(level).padEnd(5), String(audit).padEnd(11), inbound ? `in=…${String(inbound).slice(-6)}` : '', leg ? `leg=${leg}` : '', status ? `status=${status}` : '', errorCode ? `error=${errorCode}` : '', reason ?? ''];
      say(`   ${parts.filter(Boolean).join('  ')}`);
    }
    say('\nDemo complete: forward, failover, rejection and 401 all behaved as described.');
  } finally {
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
