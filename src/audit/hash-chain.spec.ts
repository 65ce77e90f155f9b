import { canonicalJson, chainHash, firstBreak, type StoredRow } from './hash-chain';

function chain(count: number): StoredRow[] {
  const rows: StoredRow[] = [];
  let previous: string | null = null;
  for (let sequence = 1; sequence <= count; sequence += 1) {
    const content = {
      caseNumber: 'C-1',
      sequence,
      eventKey: `C-1:${sequence}`,
      type: 'note_added',
      stageFrom: 'SCREENING',
      stageTo: 'SCREENING',
      actorId: 'alice',
      actorRole: 'coordinator',
      details: { n: sequence, nested: { b: 2, a: 1 } },
      occurredAt: new Date(Date.UTC(2026, 10, 24, 10, sequence)),
    };
    const hash = chainHash(content, previous);
    rows.push({ ...content, id: String(sequence), previousHash: previous, hash });
    previous = hash;
  }
  return rows;
}

describe('canonicalJson', () => {
  it('serialises objects with keys sorted at every level, whatever the insertion order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: 'z' } })).toBe(
      '{"a":{"c":"z","d":[2,{"x":0,"y":1}]},"b":1}',
    );
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('writes dates as ISO strings and leaves out undefined properties', () => {
    expect(canonicalJson({ at: new Date(0), gone: undefined })).toBe('{"at":"1970-01-01T00:00:00.000Z"}');
  });
});

describe('the audit hash chain', () => {
  it('verifies an untouched chain', () => {
    expect(firstBreak(chain(4))).toBeUndefined();
  });

  it('changes the hash when the previous hash changes, so rows cannot be reordered', () => {
    const [first] = chain(1);
    expect(chainHash(first as StoredRow, null)).not.toBe(chainHash(first as StoredRow, 'a'.repeat(64)));
  });

  it('names the first row whose content was altered', () => {
    const rows = chain(4);
    rows[2] = { ...(rows[2] as StoredRow), details: { n: 99 } };
    expect(firstBreak(rows)).toEqual({
      caseNumber: 'C-1',
      id: '3',
      sequence: 3,
      problem: 'hash does not match the row content',
    });
  });

  it('detects a deleted row by the gap in the sequence', () => {
    const rows = chain(4);
    rows.splice(1, 1);
    expect(firstBreak(rows)).toMatchObject({ id: '3', problem: 'sequence 3 where 2 was expected' });
  });

  it('detects a row whose hash was recomputed but whose successor still points at the old one', () => {
    const rows = chain(3);
    const altered = { ...(rows[1] as StoredRow), actorId: 'mallory' };
    rows[1] = { ...altered, hash: chainHash(altered, altered.previousHash) };
    expect(firstBreak(rows)).toMatchObject({ id: '3', problem: 'previous_hash does not match the previous row' });
  });
});
