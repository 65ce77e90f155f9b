import type { NotifyRequest } from '../../workflows/diversion-case/diversion-case.contract';
import type { Language } from '../participants/participant.types';
import type { MessageView } from './message-templates';

/** The person a message goes to, as the renderer may know them: their own name, language and zone only. */
export interface RecipientProfile {
  name: string;
  language: Language;
  timeZone: string;
  role: string;
}

const OBLIGATIONS: Record<Language, Record<string, string>> = {
  en: {
    restitution: 'your restitution payment',
    community_service: 'your community service hours',
    apology_letter: 'your apology letter',
    education: 'your education session',
    counseling: 'your counseling session',
    school_or_work: 'your school or work requirement',
    other: 'your agreed task',
  },
  es: {
    restitution: 'su pago de restitución',
    community_service: 'sus horas de servicio comunitario',
    apology_letter: 'su carta de disculpa',
    education: 'su sesión educativa',
    counseling: 'su sesión de consejería',
    school_or_work: 'su requisito escolar o laboral',
    other: 'su tarea acordada',
  },
};

const TEXT = {
  en: {
    consequenceRp:
      'If you miss it without telling your coordinator first, the case may be returned to the prosecutor. If you cannot come, call your coordinator before the conference.',
    consequenceShortRp: 'If you miss it, the case may go back to the prosecutor.',
    consequenceOther: 'If you cannot come, tell your coordinator before the conference so it can be moved.',
    consequenceShortOther: 'If you cannot come, tell your coordinator.',
    completed: (n: string) =>
      `Case ${n} is complete: the agreed plan was carried out and the case will not be prosecuted.`,
    returned: (n: string) => `Case ${n} has been returned to the prosecutor, who will decide the next steps.`,
    paid: (amount: string) => `Payment recorded: ${amount}.`,
    hours: (h: number) => `Hours recorded: ${h}.`,
    done: 'Marked as complete.',
    progress: 'Progress recorded.',
    owed: (amount: string) => `Still to pay: ${amount}.`,
    hoursLeft: (h: number) => `Hours still to do: ${h}.`,
    finished: 'This part of your agreement is complete.',
  },
  es: {
    consequenceRp:
      'Si falta sin avisar antes a su coordinador, el caso puede volver a la fiscalía. Si no puede asistir, llame a su coordinador antes de la conferencia.',
    consequenceShortRp: 'Si falta, el caso puede volver a la fiscalía.',
    consequenceOther: 'Si no puede asistir, avise a su coordinador antes de la conferencia para cambiarla.',
    consequenceShortOther: 'Si no puede asistir, avise a su coordinador.',
    completed: (n: string) => `El caso ${n} terminó: se cumplió el plan acordado y el caso no irá a juicio.`,
    returned: (n: string) => `El caso ${n} volvió a la fiscalía, que decidirá los próximos pasos.`,
    paid: (amount: string) => `Pago registrado: ${amount}.`,
    hours: (h: number) => `Horas registradas: ${h}.`,
    done: 'Marcado como completado.',
    progress: 'Avance registrado.',
    owed: (amount: string) => `Falta pagar: ${amount}.`,
    hoursLeft: (h: number) => `Horas que faltan: ${h}.`,
    finished: 'Esta parte de su acuerdo está completa.',
  },
} as const;

const LOCALES: Record<Language, string> = { en: 'en-US', es: 'es-US' };

/** A time as the recipient reads it, in their zone and language ("Tuesday, March 3, 2026 at 2:30 PM"). */
export function formatWhen(ms: number, language: Language, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALES[language], {
    timeZone,
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  }).format(new Date(ms));
}

export function formatDate(ms: number, language: Language, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALES[language], {
    timeZone,
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  }).format(new Date(ms));
}

function money(cents: number, language: Language): string {
  return new Intl.NumberFormat(LOCALES[language], { style: 'currency', currency: 'USD' }).format(cents / 100);
}

/**
 * The view of a participant message: the request's ids, codes and times turned into words for this recipient.
 * Nothing here reads another participant; the only name is the recipient's own.
 */
export function participantMessageView(
  request: NotifyRequest,
  recipient: RecipientProfile,
  programName: string,
): MessageView {
  const { language: lang, timeZone } = recipient;
  const data = request.data;
  const text = TEXT[lang];
  const isResponsible = recipient.role === 'responsible_party' || recipient.role === 'guardian';
  const view: MessageView = {
    programName,
    recipientName: recipient.name,
    caseNumber: request.caseNumber,
    timeZone,
    consequence: isResponsible ? text.consequenceRp : text.consequenceOther,
    consequenceShort: isResponsible ? text.consequenceShortRp : text.consequenceShortOther,
  };
  if (typeof data.atMs === 'number' && data.atMs > 0) view.when = formatWhen(data.atMs, lang, timeZone);
  if (typeof data.location === 'string' && data.location) view.where = data.location;
  if (typeof data.dueMs === 'number') view.dueDate = formatDate(data.dueMs, lang, timeZone);
  if (typeof data.version === 'number') view.version = data.version;
  const obligationType = typeof data.obligationType === 'string' ? data.obligationType : 'other';
  view.obligation = OBLIGATIONS[lang][obligationType] ?? OBLIGATIONS[lang].other;
  view.progressLine = progressLine(data, lang);
  const remaining = remainingLine(data, lang);
  if (remaining) view.remainingLine = remaining;
  if (typeof data.obligations === 'string') view.obligationLines = obligationLines(data.obligations, lang, timeZone);
  if (data.outcome === 'completed') view.outcomeLine = text.completed(request.caseNumber);
  if (data.outcome === 'returned') view.outcomeLine = text.returned(request.caseNumber);
  return view;
}

const DUE = { en: 'due', es: 'vence el' };
const HOURS = { en: 'hours', es: 'horas' };

/** `type:dueMs[:amount]` items, as "your community service hours (20 hours), due Tuesday, March 3, 2026". */
export function obligationLines(summary: string, lang: Language, timeZone: string): string[] {
  return summary
    .split(',')
    .filter(Boolean)
    .map((item) => {
      const [type = 'other', due = '0', amount] = item.split(':');
      const label = OBLIGATIONS[lang][type] ?? OBLIGATIONS[lang].other;
      const extra =
        amount === undefined
          ? ''
          : type === 'restitution'
            ? ` (${money(Number(amount), lang)})`
            : ` (${amount} ${HOURS[lang]})`;
      return `${label}${extra}, ${DUE[lang]} ${formatDate(Number(due), lang, timeZone)}`;
    });
}

function progressLine(data: NotifyRequest['data'], lang: Language): string {
  const text = TEXT[lang];
  if (typeof data.amountCents === 'number') return text.paid(money(data.amountCents, lang));
  if (typeof data.hours === 'number') return text.hours(data.hours);
  if (data.completed === true) return text.done;
  return text.progress;
}

/** What is left of the obligation after this progress, so two receipts for one plan read differently. */
function remainingLine(data: NotifyRequest['data'], lang: Language): string | undefined {
  const text = TEXT[lang];
  if (data.completed === true) return text.finished;
  if (typeof data.amountOwedCents === 'number') return text.owed(money(data.amountOwedCents, lang));
  if (typeof data.hoursRemaining === 'number') return text.hoursLeft(data.hoursRemaining);
  return undefined;
}

const STAFF_SUMMARIES: Record<Language, Record<string, string>> = {
  en: {
    screening_requested: 'A new referral is waiting for screening',
    victim_contact_task: 'Contact a victim and record their response',
    victim_contact_overdue: 'A victim has not been contacted within the contact deadline',
    conference_to_schedule: 'Consents are complete: schedule the conference',
    review_opened: 'A case needs review',
    obligation_overdue_alert: 'An obligation is overdue',
    charging_deadline_alert: 'The charging deadline is approaching',
    closure_review_requested: 'A case is ready for closure approval',
    closure_review_reminder: 'Reminder: a case is waiting for closure approval',
    case_returned: 'A case was returned to prosecution',
    delivery_failed: 'A message could not be delivered: check the contact details',
    return_requested: 'A coordinator asks you to return a case to prosecution',
    return_declined: 'The prosecutor declined your return request: the case goes on',
    case_assigned: 'A case was assigned to you',
  },
  es: {
    screening_requested: 'Una nueva remisión espera evaluación',
    victim_contact_task: 'Contacte a una víctima y registre su respuesta',
    victim_contact_overdue: 'Una víctima no fue contactada dentro del plazo',
    conference_to_schedule: 'Los consentimientos están completos: programe la conferencia',
    review_opened: 'Un caso necesita revisión',
    obligation_overdue_alert: 'Una obligación está vencida',
    charging_deadline_alert: 'Se acerca el plazo para presentar cargos',
    closure_review_requested: 'Un caso está listo para aprobar el cierre',
    closure_review_reminder: 'Recordatorio: un caso espera la aprobación del cierre',
    case_returned: 'Un caso volvió a la fiscalía',
    delivery_failed: 'Un mensaje no pudo entregarse: revise los datos de contacto',
    return_requested: 'Un coordinador le pide devolver un caso a la fiscalía',
    return_declined: 'La fiscalía rechazó su solicitud de devolución: el caso sigue',
    case_assigned: 'Se le asignó un caso',
  },
};

/** Staff alerts: the event's summary plus the request's codes and times (ids only, never names). */
export function staffMessageView(
  request: NotifyRequest,
  recipient: RecipientProfile,
  programName: string,
): MessageView {
  const lang = recipient.language;
  const facts: string[] = [];
  const { event, recipientRole, recipientId } = request.data;
  if (typeof event === 'string' && typeof recipientRole === 'string') {
    // A failed message: which one, to whom (by role and id; names stay out of alerts).
    facts.push(
      `message: ${event.replace(/_/g, ' ')} to the ${recipientRole.replace(/_/g, ' ')} ${String(recipientId ?? '')}`.trim(),
    );
  }
  for (const [key, value] of Object.entries(request.data)) {
    if (key === 'stage') continue;
    const shown = key.endsWith('Ms') && typeof value === 'number' ? formatWhen(value, lang, recipient.timeZone) : value;
    facts.push(`${key}: ${String(shown)}`);
  }
  return {
    programName,
    recipientName: recipient.name,
    caseNumber: request.caseNumber,
    stage: String(request.data.stage ?? ''),
    summary: STAFF_SUMMARIES[lang][request.event] ?? request.event.replace(/_/g, ' '),
    facts,
  };
}
