import { getExpectedBodyHash, getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { readRequestBody } from '../../../dev/local-server/request-body';
import { gate, type GateRequest } from '../../../dev/local-server/signature-gate';

const TOKEN = 'gate-auth-token';
const form = { From: '+16195550100', Body: 'hi', MediaUrl: ['https://a/1', 'https://a/2'] };
const rawForm = 'From=%2B16195550100&Body=hi&MediaUrl=https%3A%2F%2Fa%2F1&MediaUrl=https%3A%2F%2Fa%2F2';

function request(signature: string | undefined, extra: Partial<GateRequest> = {}): GateRequest {
  return {
    url: '/sms/incoming',
    headers: { host: 'localhost:3000', 'content-type': 'application/x-www-form-urlencoded', ...(signature && { 'x-twilio-signature': signature }) },
    body: readRequestBody('application/x-www-form-urlencoded', rawForm),
    ...extra,
  };
}

const signed = (url: string, key = TOKEN) => getExpectedTwilioSignature(key, url, form);

describe('signature gate', () => {
  it('lets a correctly signed form (repeated MediaUrl keys included) through', () => {
    expect(gate(request(signed('http://localhost:3000/sms/incoming')), 'protected', { authToken: TOKEN })).toEqual({ pass: true });
  });

  it.each([
    ['no signature', undefined],
    ['another key', signed('http://localhost:3000/sms/incoming', 'other')],
    ['another URL', signed('http://localhost:3001/sms/incoming')],
  ])('answers 401 for %s', (_, signature) => {
    expect(gate(request(signature), 'protected', { authToken: TOKEN })).toMatchObject({ pass: false, status: 401 });
  });

  it('checks against PUBLIC_BASE_URL when a tunnel is in front', () => {
    const signature = signed('https://abc.ngrok.app/sms/incoming');
    expect(gate(request(signature), 'protected', { authToken: TOKEN, publicBaseUrl: 'https://abc.ngrok.app' })).toEqual({ pass: true });
    expect(gate(request(signature), 'protected', { authToken: TOKEN })).toMatchObject({ pass: false });
  });

  it('validates JSON bodies with the bodySHA256 variant', () => {
    const json = '{"a":1}';
    const url = `http://localhost:3000/sms/incoming?bodySHA256=${getExpectedBodyHash(json)}`;
    const signature = getExpectedTwilioSignature(TOKEN, url, {});
    const req = request(signature, { url: url.slice('http://localhost:3000'.length), body: readRequestBody('application/json', json), headers: { host: 'localhost:3000', 'content-type': 'application/json', 'x-twilio-signature': signature } });
    expect(gate(req, 'protected', { authToken: TOKEN })).toEqual({ pass: true });
  });

  it('passes public routes, private assets (the runtime answers 403) and unknown paths untouched', () => {
    for (const access of ['public', 'private', undefined] as const) expect(gate(request(undefined), access, { authToken: TOKEN })).toEqual({ pass: true });
  });

  it('refuses protected routes when no AUTH_TOKEN is known, unless --insecure', () => {
    expect(gate(request('x'), 'protected', {})).toMatchObject({ pass: false, status: 401 });
    expect(gate(request(undefined), 'protected', { insecure: true })).toEqual({ pass: true });
  });

  it('never throws: a Host no URL can be built from is a 400', () => {
    const req = request(signed('http://localhost:3000/sms/incoming'), { headers: { host: 'a b', 'x-twilio-signature': 'x' } });
    expect(gate(req, 'protected', { authToken: TOKEN })).toMatchObject({ pass: false, status: 400 });
  });
});

describe('readRequestBody: what the runtime will parse, so what the gate checks', () => {
  it.each(['Application/X-WWW-Form-Urlencoded', 'application/x-www-form-urlencoded; charset=UTF-8', ' APPLICATION/x-www-form-urlencoded '])('reads %j as a form', (type) => {
    expect(readRequestBody(type, rawForm)).toEqual({ kind: 'form', params: form });
  });

  it('reads JSON by its media type, and anything else as no body at all', () => {
    expect(readRequestBody('Application/JSON; charset=utf-8', '{"a":1}')).toEqual({ kind: 'json', raw: '{"a":1}' });
    expect(readRequestBody('text/plain', rawForm)).toEqual({ kind: 'none' });
    expect(readRequestBody(undefined, rawForm)).toEqual({ kind: 'none' });
  });

  it('a form is checked with its parameters whatever the method (body-parser parses a GET body too): a signature over the URL alone does not cover them', () => {
    const req = request(signed('http://localhost:3000/sms/incoming'));
    expect(gate(req, 'protected', { authToken: TOKEN })).toEqual({ pass: true });
    const urlOnly = getExpectedTwilioSignature(TOKEN, 'http://localhost:3000/sms/incoming', {});
    expect(gate(request(urlOnly), 'protected', { authToken: TOKEN })).toMatchObject({ pass: false, status: 401 });
  });
});
