import { messageOutcome } from './domain-metrics';

describe('messageOutcome', () => {
  it.each([
    ['sent', null, 'sent'],
    ['failed', null, 'failed'],
    ['pending', null, 'pending'],
    ['suppressed', 'opted out', 'suppressed_consent'],
    ['suppressed', 'opted out at the carrier (21610)', 'suppressed_consent'],
    ['suppressed', 'no contact record', 'suppressed_no_contact'],
    ['suppressed', 'no phone', 'suppressed_no_contact'],
    ['suppressed', 'contact preference', 'suppressed_preference'],
  ])('labels a %s message (%s) as %s', (status, reason, outcome) => {
    expect(messageOutcome(status, reason)).toBe(outcome);
  });
});
