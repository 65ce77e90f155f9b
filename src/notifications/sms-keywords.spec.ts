import { classifySmtpError, classifyTwilioError, classifyTwilioResponse } from './delivery-errors';
import { keywordReply, parseSmsKeyword } from './sms-keywords';

describe('SMS keywords and provider error classification', () => {
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

  it('classifies what the twilio library throws: its REST exceptions by status and code, network failures as temporary', () => {
    expect(classifyTwilioError({ status: 500, code: 20500 })).toMatchObject({ kind: 'temporary', code: 500 });
    expect(classifyTwilioError({ status: 400, code: 21610 })).toMatchObject({ kind: 'permanent', optedOut: true });
    expect(classifyTwilioError({ code: 'ECONNABORTED' })).toMatchObject({ kind: 'temporary' });
    expect(classifyTwilioError({ code: 'ECONNABORTED' }).message).toBe('SMS provider unreachable (ECONNABORTED)');
  });
});
