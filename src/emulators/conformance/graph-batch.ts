import type { Ajv } from 'ajv';
import type { ExchangeParts, Locations } from './graph-openapi.ts';
import {
  type BodyValidator,
  isPlainObject,
  type JsonSchema,
  lazyBodyValidator,
} from './schema-validation.ts';
import type { Exchange, Violation } from './types.ts';

type PartsChecker = (exchange: Exchange, locations: Locations, parts: ExchangeParts) => Violation[];

const OPERATION = 'batch';

// JSON batching is not part of the contacts extract; these follow Graph's json-batching page.
const batchRequestEnvelope: JsonSchema = {
  type: 'object',
  required: ['requests'],
  additionalProperties: false,
  properties: {
    requests: {
      type: 'array',
      minItems: 1,
      // Graph rejects a batch of more than 20 requests as a whole.
      maxItems: 20,
      items: {
        type: 'object',
        required: ['id', 'method', 'url'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', minLength: 1 },
          method: { type: 'string', enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] },
          url: { type: 'string', minLength: 1 },
          headers: { type: 'object', additionalProperties: { type: 'string' } },
          body: {},
          dependsOn: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
};

const batchResponseEnvelope: JsonSchema = {
  type: 'object',
  required: ['responses'],
  patternProperties: { '@': {} },
  additionalProperties: false,
  properties: {
    responses: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'status'],
        additionalProperties: false,
        properties: {
          id: { type: 'string' },
          status: { type: 'integer', minimum: 100, maximum: 599 },
          headers: { type: 'object', additionalProperties: { type: 'string' } },
          body: {},
        },
      },
    },
  },
};

interface InnerRequest {
  index: number;
  id: string;
  method: string;
  url: string;
  headers: Record<string, unknown>;
  body?: unknown;
  dependsOn: unknown[];
}

interface InnerResponse {
  index: number;
  id: string;
  status: number;
  body?: unknown;
}

/**
 * Checks `POST /$batch`: the envelope itself, then every inner request and its response through the
 * same checker as a direct call, with locations such as `requests[2].body.emailAddresses[0]`.
 */
export function createBatchChecker(
  ajv: Ajv,
  validateError: BodyValidator,
  checkParts: PartsChecker,
): (exchange: Exchange) => Violation[] {
  const validateRequest = lazyBodyValidator(() => ajv.compile(batchRequestEnvelope));
  const validateResponse = lazyBodyValidator(() => ajv.compile(batchResponseEnvelope));

  return (exchange) => {
    const violations: Violation[] = [];
    const add = (where: Violation['where'], path: string, message: string) =>
      violations.push({ where, operation: OPERATION, path, message });

    if (exchange.method.toUpperCase() !== 'POST') add('route', exchange.path, '$batch accepts only POST');
    if (exchange.requestBody === undefined) add('request', '', 'a $batch request must carry {requests:[…]}');
    else for (const p of validateRequest(exchange.requestBody)) add('request', p.path, p.message);

    const succeeded = exchange.status >= 200 && exchange.status <= 299;
    const envelope = succeeded ? validateResponse : validateError;
    if (succeeded && exchange.status !== 200)
      add('response', '', `$batch answers 200, got ${exchange.status}`);
    if (exchange.responseBody === undefined)
      add('response', '', `a ${exchange.status} $batch response needs a body`);
    else for (const p of envelope(exchange.responseBody)) add('response', p.path, p.message);

    const requests = innerRequests(exchange.requestBody);
    const responses = succeeded ? innerResponses(exchange.responseBody) : [];
    violations.push(...pairingProblems(requests, responses));
    for (const request of requests) {
      const response = responses.find((candidate) => sameId(candidate.id, request.id));
      violations.push(...checkInner(request, response, checkParts));
    }
    return violations;
  };
}

function checkInner(
  request: InnerRequest,
  response: InnerResponse | undefined,
  checkParts: PartsChecker,
): Violation[] {
  const at = `requests[${request.index}]`;
  if (/^[a-z]+:/i.test(request.url)) {
    return [{ where: 'request', operation: OPERATION, path: `${at}.url`, message: 'must be relative' }];
  }
  const url = new URL(request.url, 'https://graph.invalid/v1.0/');
  const exchange: Exchange = {
    provider: 'microsoft',
    method: request.method,
    path: url.pathname,
    query: queryRecord(url.searchParams),
    ...(request.body !== undefined ? { requestBody: request.body } : {}),
    status: response?.status ?? 0,
    ...(response?.body !== undefined ? { responseBody: response.body } : {}),
  };
  if (url.pathname.endsWith('/$batch')) {
    return [{ where: 'route', operation: OPERATION, path: `${at}.url`, message: '$batch cannot be nested' }];
  }
  const locations: Locations = {
    route: `${at}.url`,
    query: (name) => `${at}.url?${name}`,
    requestBody: `${at}.body`,
    responseBody: response ? `responses[${response.index}].body` : '',
  };
  return checkParts(exchange, locations, { request: true, response: response !== undefined });
}

function pairingProblems(requests: InnerRequest[], responses: InnerResponse[]): Violation[] {
  const violations: Violation[] = [];
  const add = (where: Violation['where'], path: string, message: string) =>
    violations.push({ where, operation: OPERATION, path, message });
  const ids = requests.map((request) => request.id.toLowerCase());

  for (const request of requests) {
    const at = `requests[${request.index}]`;
    // Ids are compared without case; a duplicate makes Graph reject the whole batch.
    if (ids.indexOf(request.id.toLowerCase()) !== ids.lastIndexOf(request.id.toLowerCase())) {
      add('request', `${at}.id`, `duplicates another request id (${request.id})`);
    }
    for (const target of request.dependsOn) {
      if (typeof target !== 'string' || !ids.includes(target.toLowerCase())) {
        add('request', `${at}.dependsOn`, `refers to an unknown request id ${JSON.stringify(target)}`);
      }
    }
    const hasContentType = Object.keys(request.headers).some((name) => name.toLowerCase() === 'content-type');
    if (request.body !== undefined && !hasContentType) {
      add('request', `${at}.headers`, 'Content-Type is required when a request has a body');
    }
  }
  for (const response of responses) {
    if (!ids.includes(response.id.toLowerCase())) {
      add('response', `responses[${response.index}].id`, `answers no request (${response.id})`);
    }
  }
  return violations;
}

function innerRequests(body: unknown): InnerRequest[] {
  if (!isPlainObject(body) || !Array.isArray(body.requests)) return [];
  return body.requests.flatMap((item: unknown, index): InnerRequest[] => {
    if (!isPlainObject(item)) return [];
    const { id, method, url, headers, dependsOn } = item;
    if (typeof id !== 'string' || typeof method !== 'string' || typeof url !== 'string') return [];
    return [
      {
        index,
        id,
        method,
        url,
        headers: isPlainObject(headers) ? headers : {},
        ...('body' in item ? { body: item.body } : {}),
        dependsOn: Array.isArray(dependsOn) ? dependsOn : [],
      },
    ];
  });
}

function innerResponses(body: unknown): InnerResponse[] {
  if (!isPlainObject(body) || !Array.isArray(body.responses)) return [];
  return body.responses.flatMap((item: unknown, index): InnerResponse[] => {
    if (!isPlainObject(item) || typeof item.id !== 'string' || typeof item.status !== 'number') return [];
    return [{ index, id: item.id, status: item.status, ...('body' in item ? { body: item.body } : {}) }];
  });
}

function queryRecord(params: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    query[name] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return query;
}

function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
