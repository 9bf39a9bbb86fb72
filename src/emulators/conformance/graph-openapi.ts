import type { Ajv } from 'ajv';
import { graphErrorEnvelope } from './error-envelopes.ts';
import { createBatchChecker } from './graph-batch.ts';
import {
  componentRef,
  convertComponents,
  deltaPageSchema,
  GRAPH_SCHEMA_ID,
  GraphSchemaConverter,
  type OpenApiSchema,
} from './graph-schemas.ts';
import {
  type BodyValidator,
  isPlainObject,
  joinPath,
  lazyBodyValidator,
  nestPath,
} from './schema-validation.ts';
import type { ConformanceChecker, Exchange, Violation } from './types.ts';

/** The parts of an OpenAPI 3.0 document that the checker reads. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation | unknown>>;
  components: {
    schemas: Record<string, OpenApiSchema>;
    parameters?: Record<string, OpenApiParameter>;
  };
}

interface OpenApiOperation {
  operationId: string;
  parameters?: (OpenApiParameter | { $ref: string })[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: OpenApiSchema }> };
  responses?: Record<string, { content?: Record<string, { schema?: OpenApiSchema }> } | { $ref: string }>;
}

interface OpenApiParameter {
  name: string;
  in: string;
  schema?: OpenApiSchema;
}

interface GraphOperation {
  id: string;
  method: string;
  segments: string[];
  queryParameters: Map<string, OpenApiSchema>;
  validateRequest?: BodyValidator;
  requestRequired: boolean;
  /** Documented success statuses; null means "no body". */
  responses: Map<number, BodyValidator | null>;
  isDelta: boolean;
}

/** Where the parts of one (possibly nested) exchange are reported. */
export interface Locations {
  route: string;
  query: (name: string) => string;
  requestBody: string;
  responseBody: string;
}

export interface ExchangeParts {
  request: boolean;
  response: boolean;
}

const SHORT_FUNCTION_NAMES: Record<string, string> = {
  delta: 'microsoft.graph.delta()',
  reauthorize: 'microsoft.graph.reauthorize',
};

const HTTP_METHODS = new Set(['get', 'put', 'post', 'patch', 'delete']);

// OData system query options the service accepts on these resources. The generated slices declare
// them only on some operations (none on delta, where `$select` is documented), so they are allowed
// everywhere and checked only where declared.
const ODATA_QUERY_OPTIONS = new Set([
  '$select',
  '$expand',
  '$filter',
  '$orderby',
  '$top',
  '$skip',
  '$count',
  '$search',
  '$format',
  '$skiptoken',
  '$deltatoken',
]);

export function isOpenApiDocument(value: unknown): value is OpenApiDocument {
  return (
    isPlainObject(value) &&
    isPlainObject(value.paths) &&
    isPlainObject(value.components) &&
    isPlainObject(value.components.schemas)
  );
}

/** Validates exchanges with Microsoft Graph contacts endpoints against the OpenAPI extract. */
export function createGraphChecker(doc: OpenApiDocument, ajv: Ajv): ConformanceChecker {
  ajv.addSchema({ $id: GRAPH_SCHEMA_ID, definitions: convertComponents(doc.components.schemas) });
  const operations = collectOperations(doc, ajv);
  const validateError = lazyBodyValidator(() => ajv.compile(graphErrorEnvelope));

  const checkParts = (exchange: Exchange, locations: Locations, parts: ExchangeParts): Violation[] => {
    const path = normalizeGraphPath(exchange.path);
    const found = findOperation(operations, exchange.method, path, locations.route);
    if ('violation' in found) return [found.violation];
    const { operation } = found;
    return [
      ...(parts.request ? checkQuery(operation, exchange.query, locations) : []),
      ...(parts.request ? checkRequestBody(operation, exchange, locations) : []),
      ...(parts.response ? checkResponse(operation, exchange, locations, validateError) : []),
    ];
  };
  const checkBatch = createBatchChecker(ajv, validateError, checkParts);

  return {
    check(exchange) {
      if (normalizeGraphPath(exchange.path) === '/$batch') return checkBatch(exchange);
      return checkParts(exchange, topLevelLocations(exchange.path), { request: true, response: true });
    },
  };
}

function topLevelLocations(path: string): Locations {
  return { route: path, query: (name) => joinPath('query', name), requestBody: '', responseBody: '' };
}

/**
 * Rewrites a request path into the extract's terms: no version prefix, `/me` as `/users/{user-id}`,
 * key syntax `contactFolders('contacts')` as a segment, and the short function names the service
 * accepts (`/delta`, `/reauthorize`) as their qualified names.
 */
export function normalizeGraphPath(rawPath: string): string {
  let path = rawPath.split('?')[0] ?? '';
  if (!path.startsWith('/')) path = `/${path}`;
  path = path.replace(/^\/v1\.0(?=\/|$)/, '');
  path = path.replace(/\/([A-Za-z]+)\('([^']*)'\)/g, '/$1/$2');
  path = path.replace(/\/+$/, '');
  if (path === '/me' || path.startsWith('/me/')) path = `/users/me${path.slice(3)}`;
  const last = path.slice(path.lastIndexOf('/') + 1);
  const qualified = SHORT_FUNCTION_NAMES[last];
  return qualified ? `${path.slice(0, path.length - last.length)}${qualified}` : path;
}

function collectOperations(doc: OpenApiDocument, ajv: Ajv): GraphOperation[] {
  const converter = new GraphSchemaConverter(doc.components.schemas);
  // Many operations share a body schema (the contact); each distinct schema is compiled once.
  const validators = new Map<string, BodyValidator>();
  const compile = (schema: OpenApiSchema | undefined): BodyValidator | undefined => {
    if (!schema) return undefined;
    const converted = converter.convert(schema);
    const key = JSON.stringify(converted);
    const known = validators.get(key);
    if (known) return known;
    const validator = lazyBodyValidator(() => ajv.compile(converted));
    validators.set(key, validator);
    return validator;
  };
  const operations: GraphOperation[] = [];

  for (const [template, item] of Object.entries(doc.paths)) {
    for (const [method, value] of Object.entries(item)) {
      if (!HTTP_METHODS.has(method) || !isPlainObject(value)) continue;
      const operation = value as unknown as OpenApiOperation;
      const isDelta = template.endsWith('/microsoft.graph.delta()');
      const validateRequest = compile(jsonSchemaOf(operation.requestBody?.content));
      operations.push({
        id: operation.operationId,
        method: method.toUpperCase(),
        segments: template.split('/').slice(1),
        queryParameters: queryParameters(operation, doc),
        ...(validateRequest ? { validateRequest } : {}),
        requestRequired: operation.requestBody?.required === true,
        responses: successResponses(operation, isDelta, (schema) => compile(schema) ?? null, ajv),
        isDelta,
      });
    }
  }
  // More literal segments first: `/contacts/microsoft.graph.delta()` must win over `/contacts/{contact-id}`.
  return operations.sort((a, b) => literalCount(b.segments) - literalCount(a.segments));
}

function jsonSchemaOf(
  content: Record<string, { schema?: OpenApiSchema }> | undefined,
): OpenApiSchema | undefined {
  return content?.['application/json']?.schema;
}

function successResponses(
  operation: OpenApiOperation,
  isDelta: boolean,
  compile: (schema: OpenApiSchema) => BodyValidator | null,
  ajv: Ajv,
): Map<number, BodyValidator | null> {
  const responses = new Map<number, BodyValidator | null>();
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    const code = Number(status);
    if (!(code >= 200 && code <= 299) || !isPlainObject(response) || '$ref' in response) continue;
    const schema = jsonSchemaOf(response.content);
    if (!schema) {
      responses.set(code, null);
    } else if (isDelta && schema.items?.$ref) {
      const item = componentRef(schema.items.$ref.replace('#/components/schemas/', ''));
      responses.set(
        code,
        lazyBodyValidator(() => ajv.compile(deltaPageSchema(item))),
      );
    } else {
      responses.set(code, compile(schema));
    }
  }
  return responses;
}

function queryParameters(operation: OpenApiOperation, doc: OpenApiDocument): Map<string, OpenApiSchema> {
  const parameters = new Map<string, OpenApiSchema>();
  for (const entry of operation.parameters ?? []) {
    const parameter =
      '$ref' in entry ? doc.components.parameters?.[entry.$ref.split('/').pop() ?? ''] : entry;
    if (parameter?.in === 'query') parameters.set(parameter.name, parameter.schema ?? {});
  }
  return parameters;
}

function literalCount(segments: string[]): number {
  return segments.filter((segment) => !segment.startsWith('{')).length;
}

function matches(segments: string[], path: string[]): boolean {
  if (segments.length !== path.length) return false;
  // Graph treats the literal parts of a URL case-insensitively (`Users/{id}/Contacts` is valid).
  return segments.every(
    (segment, i) => segment.startsWith('{') || segment.toLowerCase() === path[i]?.toLowerCase(),
  );
}

function findOperation(
  operations: GraphOperation[],
  rawMethod: string,
  path: string,
  routeLocation: string,
): { operation: GraphOperation } | { violation: Violation } {
  const method = rawMethod.toUpperCase();
  const parts = path.split('/').slice(1);
  const onPath = operations.filter((operation) => matches(operation.segments, parts));
  // Several templates can match one path; the first in literal order that allows the method wins.
  const operation = onPath.find((candidate) => candidate.method === method);
  if (operation) return { operation };
  const message =
    onPath.length === 0
      ? `${method} ${path} matches no path of the Graph contacts OpenAPI extract`
      : `${method} is not allowed on ${path}; the extract allows ${[...new Set(onPath.map((o) => o.method))].join(', ')}`;
  return { violation: { where: 'route', path: routeLocation, message } };
}

function checkQuery(operation: GraphOperation, query: Exchange['query'], locations: Locations): Violation[] {
  const violations: Violation[] = [];
  for (const [name, raw] of Object.entries(query)) {
    const report = (message: string) =>
      violations.push({ where: 'request', operation: operation.id, path: locations.query(name), message });
    const schema = operation.queryParameters.get(name);
    if (!schema) {
      if (!ODATA_QUERY_OPTIONS.has(name)) report(`is not a query parameter of ${operation.id}`);
      continue;
    }
    const values = Array.isArray(raw) ? raw : [raw];
    if (values.length > 1) report(`was sent ${values.length} times; OData options appear once`);
    for (const value of values) {
      const problem = queryValueProblem(schema, value);
      if (problem) report(problem);
    }
  }
  return violations;
}

function queryValueProblem(schema: OpenApiSchema, value: string): string | null {
  switch (schema.type) {
    case 'integer':
      if (!/^-?[0-9]+$/.test(value) || (schema.minimum !== undefined && Number(value) < schema.minimum)) {
        return `must be an integer${schema.minimum !== undefined ? ` ≥ ${schema.minimum}` : ''}, got ${JSON.stringify(value)}`;
      }
      return null;
    case 'boolean':
      return value === 'true' || value === 'false'
        ? null
        : `must be true or false, got ${JSON.stringify(value)}`;
    case 'array': {
      // `style: form, explode: false`: one comma-separated value.
      const allowed = schema.items?.enum;
      if (!allowed) return null;
      const unknown = value
        .split(',')
        .map((part) => part.trim())
        .filter((part) => !allowed.includes(part));
      return unknown.length === 0 ? null : `has values the extract does not list: ${unknown.join(', ')}`;
    }
    default:
      return null;
  }
}

function checkRequestBody(operation: GraphOperation, exchange: Exchange, locations: Locations): Violation[] {
  const violation = (path: string, message: string): Violation => ({
    where: 'request',
    operation: operation.id,
    path: nestPath(locations.requestBody, path),
    message,
  });
  const body = exchange.requestBody;
  if (!operation.validateRequest) {
    return body === undefined
      ? []
      : [violation('', `${operation.id} takes no request body, but one was sent`)];
  }
  if (body === undefined) {
    return operation.requestRequired ? [violation('', `${operation.id} requires a request body`)] : [];
  }
  return operation.validateRequest(body).map((problem) => violation(problem.path, problem.message));
}

function checkResponse(
  operation: GraphOperation,
  exchange: Exchange,
  locations: Locations,
  validateError: BodyValidator,
): Violation[] {
  const violation = (path: string, message: string): Violation => ({
    where: 'response',
    operation: operation.id,
    path: nestPath(locations.responseBody, path),
    message,
  });
  const body = exchange.responseBody;
  if (exchange.status < 200 || exchange.status > 299) {
    if (body === undefined) {
      return [violation('', `a ${exchange.status} response must carry Graph's {error:{code,message}} body`)];
    }
    return validateError(body).map((problem) => violation(problem.path, problem.message));
  }

  const validate = successValidator(operation, exchange.status);
  if (validate === undefined) {
    const documented = [...operation.responses.keys()].join(', ');
    return [
      violation(
        '',
        `status ${exchange.status} is not documented for ${operation.id} (documented: ${documented})`,
      ),
    ];
  }
  if (validate === null) {
    return body === undefined
      ? []
      : [violation('', `a ${exchange.status} response carries no body, but one was sent`)];
  }
  if (body === undefined) return [violation('', `a ${exchange.status} response must carry a JSON body`)];
  const violations = validate(body).map((problem) => violation(problem.path, problem.message));
  if (operation.isDelta) violations.push(...deltaLinkProblems(body).map((message) => violation('', message)));
  return violations;
}

/**
 * The validator for a success status. The slices declare PATCH as 204 without a body, but the
 * service answers 200 with the updated entity, which has the request's schema.
 */
function successValidator(operation: GraphOperation, status: number): BodyValidator | null | undefined {
  const documented = operation.responses.get(status);
  if (documented !== undefined) return documented;
  if (operation.method === 'PATCH' && status === 200) return operation.validateRequest;
  return undefined;
}

function deltaLinkProblems(body: unknown): string[] {
  if (!isPlainObject(body)) return [];
  const next = '@odata.nextLink' in body;
  const delta = '@odata.deltaLink' in body;
  // A round ends only on a page with a deltaLink; a page with both or neither leaves the client stuck.
  if (next === delta) return ['a delta page must carry exactly one of @odata.nextLink and @odata.deltaLink'];
  return [];
}
