import { parseAlertWebhookUrl, readAlertTarget } from '../../../src/core/alerts/alert-config';
import { alertPayload } from '../../../src/core/alerts/alert-payload';
import { ConfigError, readConfig } from '../../../src/core/config';
import { relayEnv } from '../../support/mock-runtime';

const SECRET_URL = 'https://hooks.slack.com/services/T000/B000/s3cr3tT0k3n';
const FACTS = {
  reason: 'no phone could be sent the message (Twilio refused backup: 21610); backup +16195550102 opted out',
  inbound: `SM${'0'.repeat(31)}a`,
  code: 7,
  leg: 'backup' as const,
  errorCode: '21610',
  numbers: { sender: '+16195550100', backup: '+16195550102' },
  text: 'Gate code is 4411',
};

describe('ALERT_WEBHOOK_URL', () => {
  it('accepts https, and plain http only to this machine', () => {
    expect(parseAlertWebhookUrl(SECRET_URL).href).toBe(SECRET_URL);
    expect(parseAlertWebhookUrl('http://127.0.0.1:4000/hook/tok').port).toBe('4000');
    expect(parseAlertWebhookUrl('http://[::1]:4000/x').hostname).toBe('[::1]');
  });

  it.each([
    ['http://hooks.example.com/services/tok', 'ALERT_WEBHOOK_URL must use https'],
    ['ftp://127.0.0.1/tok', 'ALERT_WEBHOOK_URL must use https'],
    ['not a url tok', 'ALERT_WEBHOOK_URL is not a valid URL'],
    ['https://user:pw@hooks.example.com/tok', 'ALERT_WEBHOOK_URL must not carry credentials'],
  ])('refuses %s, naming the variable and never echoing the value', (raw, message) => {
    let error: Error | undefined;
    try {
      parseAlertWebhookUrl(raw);
    } catch (caught) {
      error = caught as Error;
    }
    expect(error?.message).toContain(message);
    expect(error?.message).not.toContain('tok');
  });

  it('is a configuration problem of readConfig, like any other variable', () => {
    expect(() => readConfig(relayEnv({ ALERT_WEBHOOK_URL: 'http://hooks.example.com/tok' }))).toThrow(ConfigError);
    expect(readConfig(relayEnv({ ALERT_WEBHOOK_URL: SECRET_URL })).alert).toEqual({ url: new URL(SECRET_URL), includeText: false });
    expect(readConfig(relayEnv({ ALERT_WEBHOOK_URL: SECRET_URL, ALERT_INCLUDE_TEXT: 'true' })).alert?.includeText).toBe(true);
    expect(readConfig(relayEnv()).alert).toBeUndefined();
    expect(readAlertTarget(undefined, 'true')).toBeUndefined();
  });
});

describe('alertPayload', () => {
  it('is a Slack incoming-webhook message: the alert as text, the same facts as section fields', () => {
    const payload = alertPayload('exhausted', FACTS, false);
    expect(payload.text).toBe(
      'sms-relay: dispatch lost: no phone got it: no phone could be sent the message (Twilio refused backup: 21610); backup ***0102 opted out' +
        ` (dispatch #7, inbound ${FACTS.inbound}, sender ***0100, backup ***0102, phone backup, error 21610)`,
    );
    expect(payload.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: expect.stringContaining('*sms-relay: dispatch lost: no phone got it*') } });
    expect(payload.blocks[1].fields).toEqual([
      { type: 'mrkdwn', text: '*Dispatch*\n#7' },
      { type: 'mrkdwn', text: `*Inbound*\n${FACTS.inbound}` },
      { type: 'mrkdwn', text: '*Sender*\n***0100' },
      { type: 'mrkdwn', text: '*Backup*\n***0102' },
      { type: 'mrkdwn', text: '*Phone*\nbackup' },
      { type: 'mrkdwn', text: '*Error*\n21610' },
    ]);
  });

  it('masks every number and leaves the message text out by default', () => {
    const json = JSON.stringify(alertPayload('exhausted', FACTS, false));
    expect(json).not.toMatch(/619555010[02]/);
    expect(json).not.toContain('Gate code');
    expect(json).not.toContain('4411');
  });

  it('carries the message text with ALERT_INCLUDE_TEXT=true, its numbers masked too', () => {
    const payload = alertPayload('unacknowledged', FACTS, true);
    expect(payload.blocks[2]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '*Message*\nGate code is 4411' } });
    const forwarded = alertPayload('exhausted', { ...FACTS, text: 'From Dispatch (+16195550100): Gate code is 4411' }, true);
    expect(forwarded.blocks[2].text?.text).toBe('*Message*\nFrom Dispatch (***0100): Gate code is 4411');
    expect(payload.text).not.toContain('Gate code');
  });
});
