/** The fault suite's tables: text columns left-aligned, figures right-aligned, a rule under the header. */
export function formatTable(header: string[], rows: Array<Array<string | number>>, textColumns: number): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (values: Array<string | number>) =>
    values.map((v, i) => (i < textColumns ? String(v).padEnd(widths[i]!) : String(v).padStart(widths[i]!))).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}
