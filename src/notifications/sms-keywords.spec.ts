import { createHmac } from 'node:crypto';
import { classifySmtpError, classifyTwilioResponse } from './delivery-errors';
import { keywordReply, parseSmsKeyword } from './sms-keywords';
import { isValidTwilioSignature, twilioSignature } from './twilio-signature';

describe('SMS keywords, Twilio signatures and provider error classification', () => {
  it.each(['STOP', ' stop ', 'StopAll', 'unsubscribe', 'CANCEL', 'end', 'QUIT', 'revoke', 'opt out', 'OPT  OUT'])(
    'reads %p as an opt-out',
    (body) => expect(parseSmsKeyword(body)).toBe('stop'),
  );

  it('reads START and UNSTOP as opting back in, HELP as help, and a sentence as nothing', () => {
    expect(parseSmsKeyword('start')).toBe('start');
    expect(parseSmsKeyword('UNSTOP')).toBe('start');
    expect(parseSmsKeyword(' Help ')).toBe('help');
    expect(parseSmsKeyword('please stop texting me')).toBeUndefined();
  });

  it('answers HELP with the program name and how to stop', () => {
    expect(keywordReply('help', 'Eastside Diversion')).toMatch(/^Eastside Diversion: .*Reply STOP/);
  });

  it('signs the URL plus the parameters sorted by name, HMAC-SHA1 with the auth token, base64', () => {
    const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
    const params = {
      CallSid: 'CA1234567890ABCDE',
      Caller: '+12349013030',
      Digits: '1234',
      From: '+12349013030',
      To: '+18005551212',
    };
    const payload = `${url}CallSidCA1234567890ABCDECaller+12349013030Digits1234From+12349013030To+18005551212`;
    const expected = createHmac('sha1', '12345').update(payload).digest('base64');
    expect(twilioSignature('12345', url, Object.fromEntries(Object.entries(params).reverse()))).toBe(expected);
    expect(isValidTwilioSignature('12345', url, params, expected)).toBe(true);
    expect(isValidTwilioSignature('12345', url, { ...params, Digits: '9' }, expected)).toBe(false);
    expect(isValidTwilioSignature('wrong', url, params, expected)).toBe(false);
    expect(isValidTwilioSignature('12345', url, params, undefined)).toBe(false);
  });

  it('classifies SMTP 4xx and connection errors as temporary and 5xx as permanent', () => {
    expect(classifySmtpError({ responseCode: 451 }).kind).toBe('temporary');
    expect(classifySmtpError({ code: 'ECONNREFUSED' }).kind).toBe('temporary');
    expect(classifySmtpError({ responseCode: 550 }).kind).toBe('permanent');
  });

  it('classifies Twilio 429 and 5xx as temporary, other 4xx as permanent, 21610 as opted out', () => {
    expect(classifyTwilioResponse(429, 20429).kind).toBe('temporary');
    expect(classifyTwilioResponse(503, undefined).kind).toBe('temporary');
    expect(classifyTwilioResponse(400, 21211)).toMatchObject({ kind: 'permanent', optedOut: false });
    expect(classifyTwilioResponse(400, 21610)).toMatchObject({ kind: 'permanent', optedOut: true });
  });
});
