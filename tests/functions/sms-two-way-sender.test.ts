/**
 * Two-way's own texts (relayed replies, notices) through the handlers with MESSAGING_SERVICE_SID,
 * PRIMARY_NAME and BACKUP_NAME set: each is sent through the Messaging Service and names the
 * phones as configured.
 */
import { legSent } from '../../src/core/dispatch/record';
import { BACKUP, DISPATCH, PRIMARY } from '../support/mock-runtime';
import { useTwoWayBed } from '../support/two-way-bed';

const MG = `MG${'0'.repeat(31)}3`;
const bed = useTwoWayBed({ MESSAGING_SERVICE_SID: MG, PRIMARY_NAME: 'Day shift', BACKUP_NAME: 'Night' });

it('a relayed reply and the "taken" notice go through the Messaging Service and name the phone as PRIMARY_NAME says', async () => {
  const b = bed();
  const inbound = await b.inbound(DISPATCH, 'Gate code changed');
  await b.store.update(inbound, (record) => legSent(record, 'backup', `SM${'e'.repeat(32)}`, new Date()));
  await b.inbound(PRIMARY, 'On my way');
  expect(b.sentTo(DISPATCH)).toEqual([expect.objectContaining({ body: '#1 Day shift: On my way', messagingServiceSid: MG })]);
  expect(b.sentTo(BACKUP)).toEqual([expect.objectContaining({ body: '#1 taken by Day shift', messagingServiceSid: MG })]);
});

it('the exhausted notice goes through the Messaging Service and names both phones as configured', async () => {
  const b = bed();
  b.refuse(PRIMARY, 21610);
  b.refuse(BACKUP, 21211);
  await b.inbound(DISPATCH, 'Gate code changed');
  expect(b.sentTo(DISPATCH)).toEqual([
    expect.objectContaining({
      body: '#1 could not be delivered to Day shift (opted out with STOP, 21610) or Night (invalid number, 21211): "Gate code changed"',
      messagingServiceSid: MG,
    }),
  ]);
});
