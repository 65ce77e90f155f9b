/** Formatting shared by the views (pure). */

/** How long until (or since) `atMs`, in the largest whole unit: "in 3 days", "2 hours ago". */
export function timeLeft(atMs: number, nowMs: number): string {
  const diff = atMs - nowMs;
  const abs = Math.abs(diff);
  const units: Array<[number, string]> = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
  ];
  const [size, name] = units.find(([unitMs]) => abs >= unitMs) ?? [1000, 'second'];
  const count = Math.floor(abs / size);
  const phrase = `${count} ${name}${count === 1 ? '' : 's'}`;
  return diff >= 0 ? `in ${phrase}` : `${phrase} ago`;
}

/** A UTC timestamp as people read it: 2026-12-03 14:05 UTC. */
export function when(at: number | string | Date | undefined | null): string {
  if (at === undefined || at === null) return '—';
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return '—';
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function dollars(cents: number): string {
  return `$${(cents / 100).toFixed(2)}`;
}

/** SCREENING → Screening, PARTICIPANT_CONSENT → Participant consent, approveClosure → Approve closure. */
export function words(code: string): string {
  const text = code
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
