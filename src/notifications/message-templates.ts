import Handlebars from 'handlebars';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Language } from '../participants/participant.types';

/**
 * What a template may show. It holds the recipient's own name and the case's ids, times and codes — and no field for
 * anyone else: a message to a responsible party, guardian or clerk cannot name or locate a victim because the view
 * has nowhere to put it.
 */
export interface MessageView {
  programName: string;
  /** The recipient's own name. */
  recipientName: string;
  caseNumber: string;
  stage?: string;
  timeZone?: string;
  when?: string;
  where?: string;
  dueDate?: string;
  obligation?: string;
  /** The recipient's own open obligations (agreement copy). */
  obligationLines?: string[];
  version?: string | number;
  progressLine?: string;
  /** What is left of the obligation after a payment or hours. */
  remainingLine?: string;
  outcomeLine?: string;
  consequence?: string;
  consequenceShort?: string;
  /** Staff alerts. */
  summary?: string;
  facts?: string[];
  /** Notice emails. */
  title?: string;
  court?: string;
  sha256?: string;
  inbox?: boolean;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  /** Undefined for templates without an SMS part (staff alerts, notices). */
  sms: string | undefined;
}

const TEMPLATE_DIR = path.join(__dirname, 'templates');
const cache = new Map<string, HandlebarsTemplateDelegate<MessageView> | null>();

function template(language: Language, name: string, part: string): HandlebarsTemplateDelegate<MessageView> | null {
  const file = path.join(TEMPLATE_DIR, language, `${name}.${part}.hbs`);
  if (!cache.has(file)) {
    const source = existsSync(file) ? readFileSync(file, 'utf8') : null;
    // Only HTML is escaped; subject, text and SMS are plain text.
    cache.set(
      file,
      source === null ? null : Handlebars.compile<MessageView>(source, { noEscape: part !== 'html', strict: false }),
    );
  }
  return cache.get(file) ?? null;
}

/** Whether a template exists for the event (in English, which every event has). */
export function hasTemplate(name: string): boolean {
  return template('en', name, 'subject') !== null;
}

/** Renders a template in the language, falling back to English for a language without it. */
export function renderMessage(name: string, language: Language, view: MessageView): RenderedMessage {
  const lang = template(language, name, 'subject') ? language : 'en';
  const part = (p: string): HandlebarsTemplateDelegate<MessageView> => {
    const compiled = template(lang, name, p);
    if (!compiled) throw new Error(`missing template ${lang}/${name}.${p}.hbs`);
    return compiled;
  };
  const sms = template(lang, name, 'sms');
  return {
    subject: part('subject')(view).trim(),
    text:
      part('text')(view)
        .replace(/\n{3,}/g, '\n\n')
        .trim() + '\n',
    html: part('html')(view),
    sms: sms ? sms(view).replace(/\s+/g, ' ').trim() : undefined,
  };
}
