import type { AuditRecord } from '../../../src/core/twilio/audit';
import { NO_CLAIMS, syncClaims } from '../../../src/core/twilio/claims';
import { deadlineIn } from '../../../src/core/twilio/deadline';
import { sendVoicemailText, type VoicemailTextJob } from '../../../src/core/voice/voicemail';
import { claimMapName } from '../../../src/core/twilio/claim-maps';
import { makeFakeClient } from '../../support/mock-runtime';

const CALL = 'CA' + 'd4'.repeat(16);
const SYNC = 'IS' + 'c3'.repeat(16);
const destinations = { primaryNumber: '+16195550111', backupNumber: '+16195550122' };
const job: VoicemailTextJob = { callSid: CALL, legs: ['primary', 'backup'], body: 'Voicemail from Dispatch (+16195550100): call me', from: '+16195550000' };

function setup(withSync: boolean) {
  const fake = makeFakeClient();
  fake.create.mockImplementation(async ({ to }: { to: string }) => ({ sid: `SM${to.slice(-4).padStart(32, '0')}`, status: 'queued' }));
  const deadline = deadlineIn(7000);
  const lines: AuditRecord[] = [];
  /** Each call is its own invocation, as a repeated callback would be. */
  const deps = () => ({
    client: fake.client,
    claims: withSync ? syncClaims(fake.client, SYNC, 'relay-claims', deadline) : NO_CLAIMS,
    deadline,
    destinations,
    audit: (record: AuditRecord) => void lines.push(record),
  });
  return { fake, lines, deps };
}

describe('sendVoicemailText', () => {
  it('texts both phones once, and a repeated transcription callback texts nobody again', async () => {
    const { fake, lines, deps } = setup(true);
    await sendVoicemailText(deps(), job);
    await sendVoicemailText(deps(), job);

    expect(fake.create.mock.calls.map(([params]) => params.to)).toEqual(['+16195550111', '+16195550122']);
    expect(lines.at(-1)).toEqual({ event: 'duplicate', inbound: CALL, reason: 'voicemail already texted (sent): not sent again' });
  });

  it('claims the texts as vm:<CallSid> and records them as sent', async () => {
    const { fake, deps } = setup(true);
    await sendVoicemailText(deps(), job);
    expect(fake.sync.create.mock.calls[0][2]).toMatchObject({ key: `vm:${CALL}` });
    expect(fake.sync.update.mock.calls[0][3]).toMatchObject({ data: { state: 'sent' } });
  });

  it('records "failed" when neither phone could be texted', async () => {
    const { fake, deps } = setup(true);
    fake.create.mockRejectedValue(Object.assign(new Error('Attempt to send to unsubscribed recipient'), { status: 400, code: 21610 }));
    await sendVoicemailText(deps(), job);
    expect(fake.sync.update.mock.calls[0][3]).toMatchObject({ data: { state: 'failed' } });
  });

  it('does not take over a stale claim: its texts may have gone out before the holder died', async () => {
    const { fake, lines, deps } = setup(true);
    const dead = { state: 'sending', leg: 'primary', at: new Date(Date.now() - 60_000).toISOString(), by: 'a-dead-invocation' };
    fake.sync.items(SYNC, claimMapName('relay-claims', CALL)).set(`vm:${CALL}`, dead);
    await sendVoicemailText(deps(), job);
    expect(fake.create).not.toHaveBeenCalled();
    expect(fake.sync.update).not.toHaveBeenCalled();
    expect(lines.at(-1)).toEqual({ event: 'duplicate', inbound: CALL, reason: 'voicemail already texted (sending): not sent again' });
  });

  it('without Sync, texts every time (stateless)', async () => {
    const { fake, deps } = setup(false);
    await sendVoicemailText(deps(), job);
    await sendVoicemailText(deps(), job);
    expect(fake.create).toHaveBeenCalledTimes(4);
  });
});
