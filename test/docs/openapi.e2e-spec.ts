import { ACTION_ROUTES, rolesOf, updatesOf } from '../../src/cases/case-action-table';
import { call } from '../cases/case-api';
import { startApi, type RunningApi } from '../support/servers';

interface OpenApiDocument {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        responses?: Record<string, unknown>;
        operationId?: string;
        description?: string;
        requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
      }
    >
  >;
  components?: { schemas?: Record<string, unknown> };
}

const ROUTES = [
  'post /cases',
  'get /cases',
  'get /cases/{caseNumber}',
  'get /cases/{caseNumber}/events',
  'post /cases/{caseNumber}/screening',
  'post /cases/{caseNumber}/participant-response',
  'post /cases/{caseNumber}/victims/{victimId}/response',
  'post /cases/{caseNumber}/conference',
  'post /cases/{caseNumber}/conference/outcome',
  'post /cases/{caseNumber}/agreement',
  'post /cases/{caseNumber}/obligations/{obligationId}/progress',
  'post /cases/{caseNumber}/obligations/{obligationId}/extension',
  'post /cases/{caseNumber}/deadline-extension',
  'post /cases/{caseNumber}/closure-approval',
  'post /cases/{caseNumber}/return',
  'post /cases/{caseNumber}/withdrawal',
  'post /cases/{caseNumber}/notes',
  'post /cases/{caseNumber}/assignment',
  'post /cases/{caseNumber}/reviews/{reviewId}/dismissal',
  'get /cases/{caseNumber}/participants',
  'patch /participants/{participantId}',
  'get /tasks',
  'get /notices',
  'get /notices/{id}/document',
  'post /notices/{id}/acknowledge',
  'get /reports/outcomes',
  'get /health',
];

describe('the OpenAPI document at /docs', () => {
  let api: RunningApi;
  let document: OpenApiDocument;

  beforeAll(async () => {
    api = await startApi();
    document = (await call<OpenApiDocument>(api.url, 'GET', '/docs/openapi.json')).body;
  });

  afterAll(async () => {
    await api?.app.close();
  });

  it('lists every route of the HTTP API', () => {
    const listed = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method} ${path}`),
    );
    expect(listed).toEqual(expect.arrayContaining(ROUTES));
  });

  it('is a consistent OpenAPI 3 document: unique operation ids, responses everywhere, every $ref resolves', () => {
    expect(document.openapi).toMatch(/^3\./);
    const operations = Object.values(document.paths).flatMap((ops) => Object.values(ops));
    const ids = operations.map((op) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(operations.every((op) => op.responses && Object.keys(op.responses).length > 0)).toBe(true);
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(10);
    expect(refs.filter((name) => !(name && document.components?.schemas?.[name]))).toEqual([]);
  });

  it('documents every case action from the action table: its body, the update it runs and who may run it', () => {
    for (const row of ACTION_ROUTES) {
      const path = `/cases/{caseNumber}/${row.path.replace(/:([A-Za-z]+)/g, '{$1}')}`;
      const operation = document.paths[path]?.post;
      expect(operation?.operationId).toBe(row.name);
      expect(operation?.requestBody?.content['application/json']?.schema.$ref).toBe(
        `#/components/schemas/${row.dto.name}`,
      );
      expect(operation?.description).toContain(`Runs the workflow update ${updatesOf(row).join(' or ')}`);
      expect(operation?.description).toContain(`roles: ${rolesOf(row).join(', ')}`);
      expect(Object.keys(operation?.responses ?? {})).toEqual(
        expect.arrayContaining(['200', '400', '403', '409', '422']),
      );
    }
  });

  it('documents the bearer authentication, the request examples and the error answers', () => {
    const create = document.paths['/cases']?.post as Record<string, unknown>;
    expect(create.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(create.responses as object)).toEqual(
      expect.arrayContaining(['200', '201', '401', '403', '409']),
    );
    const schema = document.components?.schemas?.CreateCaseDto as { properties: Record<string, { example?: unknown }> };
    expect(schema.properties.caseNumber?.example).toBe('DA-2026-0142');
  });

  const schema = (name: string) =>
    document.components?.schemas?.[name] as {
      properties: Record<string, Record<string, unknown>>;
      additionalProperties?: boolean;
    };

  it('describes responses as the API returns them', () => {
    expect(schema('CaseResponseDto').properties.victims).toEqual({
      type: 'array',
      items: { $ref: '#/components/schemas/VictimResponseDto' },
    });
    expect(schema('CaseResponseDto').properties.notes).toEqual({
      type: 'array',
      items: { $ref: '#/components/schemas/NoteDto' },
    });
    expect(schema('ParticipantResponseDto').properties.guardianOfId).toMatchObject({
      type: 'string',
      format: 'uuid',
      nullable: true,
    });
  });

  it('declares every limit the server enforces, from the validation rules themselves', () => {
    const agreement = schema('RecordAgreementDto');
    expect(agreement.additionalProperties).toBe(false);
    expect(agreement.properties.obligations).toMatchObject({ minItems: 1, maxItems: 50 });
    const obligation = schema('ObligationDto').properties;
    expect(obligation.amountCents).toMatchObject({ type: 'integer', minimum: 1, maximum: 100_000_000 });
    expect(obligation.hours).toMatchObject({ type: 'number', minimum: 0.5, maximum: 10_000 });
    expect(obligation.due).toMatchObject({ anyOf: [{ format: 'date' }, { format: 'date-time' }] });
    expect(schema('AddNoteDto').properties.text).toMatchObject({ minLength: 1, maxLength: 2000 });
    expect(schema('CreateCaseDto').properties.chargingDeadline?.description).toMatch(
      /From 0 days before to 3650 days after the referral date/,
    );
    expect(schema('DemographicsDto').additionalProperties).toBe(false);
    expect(Object.keys(schema('DemographicsDto').properties).sort()).toEqual(['ageGroup', 'gender', 'raceEthnicity']);
    const list = document.paths['/cases']?.get as { parameters: Array<{ name: string; schema: unknown }> };
    expect(list.parameters.find((p) => p.name === 'limit')?.schema).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 500,
    });
    const note = document.paths['/cases/{caseNumber}/notes']?.post as unknown as {
      parameters: Array<{ name: string; schema: unknown }>;
    };
    expect(note.parameters.find((p) => p.name === 'Idempotency-Key')?.schema).toEqual({
      type: 'string',
      pattern: '^[A-Za-z0-9._:-]{8,200}$',
    });
  });

  it('lists the error answers of every route, each with the shared error schema', () => {
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const statuses = Object.keys(operation.responses ?? {});
        const expected = ['400', '429', '503'];
        if (!path.startsWith('/health')) expected.push('401', '403');
        if (path.includes('{')) expected.push('404');
        if (operation.requestBody) expected.push('413', '415');
        expect({ route: `${method} ${path}`, statuses }).toEqual({
          route: `${method} ${path}`,
          statuses: expect.arrayContaining(expected),
        });
        for (const [status, response] of Object.entries(operation.responses ?? {})) {
          // A probe's 503 is its health report (which check is down), not the error shape.
          if (Number(status) < 400 || (path.startsWith('/health') && status === '503')) continue;
          expect((response as { content?: unknown }).content).toEqual({
            'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } },
          });
        }
      }
    }
  });

  it('sends security headers', async () => {
    const response = await fetch(`${api.url}/health`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });
});
