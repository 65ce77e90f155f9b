import { createHash } from 'node:crypto';

/** The content of one audit row that its hash covers (everything but the ids and hashes). */
export interface ChainedContent {
  caseNumber: string;
  sequence: number;
  eventKey: string;
  type: string;
  stageFrom: string | null;
  stageTo: string | null;
  actorId: string;
  actorRole: string;
  details: Record<string, unknown>;
  occurredAt: Date;
}

/** JSON with object keys sorted at every level, so the same content always serialises the same way. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
    return JSON.stringify(value) ?? 'null';
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, child]) => child !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, child]) => `${JSON.stringify(key)}:${canonicalJson(child)}`).join(',')}}`;
}

/** SHA-256 (hex) over the row's canonical content and the previous row's hash (empty for a case's first row). */
export function chainHash(content: ChainedContent, previousHash: string | null): string {
  return createHash('sha256')
    .update(canonicalJson(contentOf(content)))
    .update('\n')
    .update(previousHash ?? '')
    .digest('hex');
}

export interface StoredRow extends ChainedContent {
  id: string;
  previousHash: string | null;
  hash: string;
}

export interface ChainBreak {
  caseNumber: string;
  id: string;
  sequence: number;
  problem: string;
}

/** Checks one case's rows (in sequence order); returns the first broken row, if any. */
export function firstBreak(rows: readonly StoredRow[]): ChainBreak | undefined {
  let previous: string | null = null;
  for (const [index, row] of rows.entries()) {
    const at = { caseNumber: row.caseNumber, id: row.id, sequence: row.sequence };
    if (row.sequence !== index + 1)
      return { ...at, problem: `sequence ${row.sequence} where ${index + 1} was expected` };
    if (row.previousHash !== previous) return { ...at, problem: 'previous_hash does not match the previous row' };
    const expected = chainHash(row, previous);
    if (row.hash !== expected) return { ...at, problem: 'hash does not match the row content' };
    previous = row.hash;
  }
  return undefined;
}

/** Exactly the hashed fields, whatever else the object carries. */
function contentOf(row: ChainedContent): ChainedContent {
  return {
    caseNumber: row.caseNumber,
    sequence: row.sequence,
    eventKey: row.eventKey,
    type: row.type,
    stageFrom: row.stageFrom,
    stageTo: row.stageTo,
    actorId: row.actorId,
    actorRole: row.actorRole,
    details: row.details,
    occurredAt: row.occurredAt,
  };
}
