export type SmsKeyword = 'stop' | 'start' | 'help';

const STOP = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPT OUT', 'OPTOUT']);
const START = new Set(['START', 'UNSTOP']);
const HELP = new Set(['HELP', 'INFO']);

/** The opt-out keyword an inbound text is, if any: the whole message, any case, trimmed, inner spaces collapsed. */
export function parseSmsKeyword(body: string): SmsKeyword | undefined {
  const word = body.trim().replace(/\s+/g, ' ').toUpperCase();
  if (STOP.has(word)) return 'stop';
  if (START.has(word)) return 'start';
  if (HELP.has(word)) return 'help';
  return undefined;
}

export function keywordReply(keyword: SmsKeyword, programName: string): string {
  switch (keyword) {
    case 'stop':
      return `${programName}: you are unsubscribed and will get no more texts. Reply START to subscribe again.`;
    case 'start':
      return `${programName}: you are subscribed to texts again. Reply STOP to unsubscribe, HELP for help.`;
    case 'help':
      return `${programName}: reminders about your case. Reply STOP to unsubscribe. For help, call your coordinator.`;
  }
}
