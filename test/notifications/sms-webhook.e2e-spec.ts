import { DataSource } from 'typeorm';
import { NotificationLogService } from '../../src/notifications/notification-log.service';
import { SmsConsentService } from '../../src/notifications/sms-consent.service';
import twilio from 'twilio';
import { startApi, type RunningApi } from '../support/servers';
import { overrideEnvironment, restoreEnvironment, TwilioStandIn } from './fake-providers';

const AUTH_TOKEN = 'webhook-test-auth-token';
/** The address Twilio is configured with: a TLS-terminating proxy in front of the API, which sees plain HTTP. */
const PUBLIC_BASE_URL = 'https://diversion.example.org';
const PUBLIC_URL = `${PUBLIC_BASE_URL}/webhooks/sms`;
const twilioSignature = (url: string, params: Record<string, string>): string =>
  twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params);

describe('POST /webhooks/sms on the real API', () => {
  const twilio = new TwilioStandIn();
  let api: RunningApi;
  let consents: SmsConsentService;
  const phone = `+1555${String(Date.now()).slice(-7)}`;

  beforeAll(async () => {
    await twilio.start();
    overrideEnvironment({
      TWILIO_BASE_URL: twilio.url,
      TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef',
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM: '+15550009999',
      PROGRAM_NAME: 'Eastside Diversion',
      PUBLIC_BASE_URL,
    });
    api = await startApi();
    consents = api.app.get(SmsConsentService);
  });

  afterAll(async () => {
    await api?.app.close();
    await twilio.stop();
    restoreEnvironment();
  });

  async function post(params: Record<string, string>, signature?: string): Promise<number> {
    const url = `${api.url}/webhooks/sms`;
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signature ?? twilioSignature(PUBLIC_URL, params),
      },
      body: new URLSearchParams(params).toString(),
    });
    await response.text();
    return response.status;
  }

  const inbound = (body: string, sid: string) => ({ From: phone, To: '+15550009999', Body: body, MessageSid: sid });

  it('refuses a request without a valid signature and changes nothing', async () => {
    expect(await post(inbound('STOP', 'SMbad1'), 'not-a-signature')).toBe(403);
    const signedForOtherBody = twilioSignature(PUBLIC_URL, inbound('HELLO', 'SMbad2'));
    expect(await post(inbound('STOP', 'SMbad2'), signedForOtherBody)).toBe(403);
    // Signed for the address the API process sees rather than the public one Twilio signs: refused.
    const signedForLocalUrl = twilioSignature(`${api.url}/webhooks/sms`, inbound('STOP', 'SMbad3'));
    expect(await post(inbound('STOP', 'SMbad3'), signedForLocalUrl)).toBe(403);

    expect(await consents.isOptedOut(phone)).toBe(false);
    expect(twilio.to(phone)).toHaveLength(0);
  });

  it('opts the number out on STOP with exactly one confirmation, and back in on START', async () => {
    expect(await post(inbound('  stop ', 'SM1'))).toBe(200);
    expect(await post(inbound('UNSUBSCRIBE', 'SM2'))).toBe(200);

    expect(await consents.isOptedOut(phone)).toBe(true);
    expect((await consents.find(phone))?.source).toBe('inbound_sms:STOP');
    expect(twilio.to(phone).map((m) => m.body)).toEqual([
      'Eastside Diversion: you are unsubscribed and will get no more texts. Reply START to subscribe again.',
    ]);

    expect(await post(inbound('Start', 'SM3'))).toBe(200);
    expect(await consents.isOptedOut(phone)).toBe(false);
    expect(twilio.to(phone)).toHaveLength(2);
    expect(twilio.to(phone)[1]!.body).toMatch(/subscribed to texts again/);
  });

  it('answers HELP with the program name and how to stop', async () => {
    const before = twilio.to(phone).length;
    expect(await post(inbound('help', 'SM4'))).toBe(200);

    expect(
      twilio
        .to(phone)
        .slice(before)
        .map((m) => m.body),
    ).toEqual([
      'Eastside Diversion: reminders about your case. Reply STOP to unsubscribe. For help, call your coordinator.',
    ]);
  });

  // Defect: a correctly signed inbound HELP replayed three times got three replies.
  it('answers an inbound HELP replayed three times with the same MessageSid once, and 200 each time', async () => {
    const before = twilio.to(phone).length;
    const help = inbound('HELP', 'SMreplayed0000000000000000000001');

    expect([await post(help), await post(help), await post(help)]).toEqual([200, 200, 200]);

    expect(twilio.to(phone).slice(before)).toHaveLength(1);
    // Delivery status of the reply comes back to the public address, where the signature check expects it.
    expect(twilio.to(phone).at(-1)!.statusCallback).toBe(PUBLIC_URL);
    // A new HELP (another MessageSid) is answered again.
    expect(await post(inbound('HELP', 'SMreplayed0000000000000000000002'))).toBe(200);
    expect(twilio.to(phone).slice(before)).toHaveLength(2);
  });

  it('records a signed delivery status callback on the message it names', async () => {
    const log = api.app.get(NotificationLogService);
    const logicalKey = `WEBHOOK-${Date.now()}:x:rp:1:sms`;
    await log.claim({
      logicalKey,
      requestKey: logicalKey,
      caseNumber: 'WEBHOOK',
      event: 'x',
      recipientId: 'rp',
      recipientRole: 'responsible_party',
      channel: 'sms',
    });
    await log.markSent(logicalKey, `SM-${logicalKey}`);

    expect(await post({ MessageSid: `SM-${logicalKey}`, MessageStatus: 'delivered' })).toBe(200);

    expect((await log.findByKey(logicalKey))?.providerStatus).toBe('delivered');
    expect(api.app.get(DataSource).isInitialized).toBe(true);
  });
});
