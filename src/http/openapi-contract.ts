import type { OpenAPIObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { IS_DATE_OR_DATE_TIME, IS_DATE_WITHIN, type DateWindow } from './dates';
import { IDEMPOTENCY_KEY_PATTERN } from './idempotency-key.decorator';

type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; items?: Schema; type?: string };

interface Rule {
  name?: string;
  propertyName: string;
  constraints?: unknown[];
  each?: boolean;
}

/** Every class with class-validator rules, by name: the request DTOs (response DTOs carry none). */
function validatedClasses(): Map<string, Rule[]> {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<{ name: string }, Rule[]> };
  const byName = new Map<string, Rule[]>();
  for (const [target, rules] of storage.validationMetadatas) {
    // A DTO's rules include those it inherits (ParticipantInputDto extends ParticipantContactDto).
    const all = [...rules];
    for (let parent = Object.getPrototypeOf(target) as { name: string } | null; parent?.name;) {
      all.push(...(storage.validationMetadatas.get(parent) ?? []));
      parent = Object.getPrototypeOf(parent) as { name: string } | null;
    }
    byName.set(target.name, all);
  }
  return byName;
}

const describe = (schema: Schema, text: string): void => {
  schema.description = typeof schema.description === 'string' ? `${schema.description} ${text}` : text;
};

/** Writes one class-validator rule into the JSON schema of the value it checks. */
function declare(schema: Schema, rule: Rule): void {
  const [first] = rule.constraints ?? [];
  switch (rule.name) {
    case 'maxLength':
      schema.maxLength = first;
      break;
    case 'minLength':
      schema.minLength = first;
      break;
    case 'isNotEmpty':
      if (schema.type === 'string') schema.minLength = Math.max(Number(schema.minLength ?? 0), 1);
      break;
    case 'matches':
      schema.pattern = (first as RegExp).source;
      break;
    case 'isIn':
      schema.enum ??= first;
      break;
    case 'isInt':
      schema.type = 'integer';
      break;
    case 'isNumber':
      schema.type = 'number';
      break;
    case 'isBoolean':
      schema.type = 'boolean';
      break;
    case 'min':
      schema.minimum = first;
      break;
    case 'max':
      schema.maximum = first;
      break;
    case 'arrayMinSize':
      schema.minItems = first;
      break;
    case 'arrayMaxSize':
      schema.maxItems = first;
      break;
    case 'isEmail':
      schema.format = 'email';
      break;
    case IS_DATE_OR_DATE_TIME:
      schema.type = 'string';
      schema.anyOf = [{ format: 'date' }, { format: 'date-time' }];
      break;
    case IS_DATE_WITHIN: {
      const window = first as DateWindow;
      const from = window.from ? `the ${window.from.name} (today when absent)` : 'today';
      describe(schema, `From ${window.pastDays} days before to ${window.futureDays} days after ${from}.`);
      break;
    }
    case 'isTimeZone':
      describe(schema, 'An IANA time zone.');
      break;
    default:
      break; // no JSON Schema keyword says it (whitelisting, nested validation, conditions)
  }
}

function declareRules(properties: Record<string, Schema>, rules: readonly Rule[]): void {
  for (const rule of rules) {
    const property = properties[rule.propertyName];
    if (!property) continue;
    declare(rule.each && property.items ? property.items : property, rule);
  }
}

const ERROR_SCHEMA: Schema = {
  type: 'object',
  description: 'Every error answer: the status, its reason phrase, and what to fix (one message or one per field).',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer', minimum: 400, maximum: 599 },
    error: { type: 'string' },
    message: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
    idempotencyKey: {
      type: 'string',
      description: 'With a 503 for a case action the case did not answer in time: the key to repeat it with',
    },
  },
};

/** The error answers every operation can give, by when they apply. */
const ERRORS: Array<{ status: string; description: string; when: (op: Operation, path: string) => boolean }> = [
  { status: '400', description: 'Malformed input, with what to fix', when: () => true },
  { status: '401', description: 'Missing or invalid bearer token', when: (op) => op.security !== undefined },
  {
    status: '403',
    description: 'Wrong role, or a case of another coordinator',
    when: (op) => op.security !== undefined,
  },
  { status: '404', description: 'Unknown case or resource', when: (_op, path) => path.includes('{') },
  { status: '413', description: 'The body is larger than the limit', when: (op) => op.requestBody !== undefined },
  { status: '415', description: 'The body is not JSON', when: (op) => op.requestBody !== undefined },
  { status: '429', description: 'Too many requests from this address; slow down', when: () => true },
  { status: '503', description: 'Temporal or the database is unavailable; try again', when: () => true },
];

interface Operation {
  security?: unknown;
  requestBody?: unknown;
  parameters?: Array<{ name: string; in: string; schema?: Schema }>;
  responses: Record<string, { description?: string; content?: unknown }>;
}

/**
 * Makes the generated OpenAPI document state exactly what the server enforces, from the same source the server
 * enforces it with, so the two cannot drift: each class-validator rule of a request DTO becomes its JSON Schema
 * keyword, request bodies refuse unknown properties, query parameters get their DTO's rules, the Idempotency-Key
 * header its pattern, and every operation lists its error answers with the shared error schema.
 */
export function contractDocument(document: OpenAPIObject): OpenAPIObject {
  const classes = validatedClasses();
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  for (const [name, schema] of Object.entries(schemas)) {
    const rules = classes.get(name);
    if (!rules || !schema.properties) continue;
    declareRules(schema.properties, rules);
    schema.additionalProperties = false;
  }
  schemas.ErrorResponse = ERROR_SCHEMA;
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const operation of Object.values(operations as Record<string, Operation>)) {
      declareParameters(operation, classes);
      for (const { status, description, when } of ERRORS) {
        if (when(operation, path)) operation.responses[status] ??= { description };
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) >= 400 && response.content === undefined) {
          response.content = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } };
        }
      }
    }
  }
  return document;
}

function declareParameters(operation: Operation, classes: Map<string, Rule[]>): void {
  const parameters = operation.parameters ?? [];
  for (const parameter of parameters) {
    if (parameter.in === 'header' && parameter.name.toLowerCase() === 'idempotency-key') {
      parameter.schema = { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN.source };
    }
  }
  const query = parameters.filter((p) => p.in === 'query' && p.schema);
  if (query.length === 0) return;
  // The query DTO: the validated class that has a rule for each of these parameters.
  const names = new Set(query.map((p) => p.name));
  const rules = [...classes.values()].find((list) => {
    const covered = new Set(list.map((r) => r.propertyName));
    return [...names].every((name) => covered.has(name));
  });
  if (!rules) return;
  declareRules(Object.fromEntries(query.map((p) => [p.name, p.schema as Schema])), rules);
}
