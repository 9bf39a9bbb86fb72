import type { Ajv } from 'ajv';
import { googleErrorEnvelope } from './error-envelopes.ts';
import {
  type BodyValidator,
  isPlainObject,
  type JsonSchema,
  lazyBodyValidator,
  nestPath,
} from './schema-validation.ts';
import type { ConformanceChecker, Exchange, Violation } from './types.ts';

/** The parts of a Google API discovery document (discoveryVersion v1) that the checker reads. */
export interface DiscoveryDocument {
  parameters?: Record<string, DiscoveryParameter>;
  schemas: Record<string, DiscoverySchema>;
  resources: Record<string, DiscoveryResource>;
}

interface DiscoveryResource {
  methods?: Record<string, DiscoveryMethod>;
  resources?: Record<string, DiscoveryResource>;
}

interface DiscoveryMethod {
  id: string;
  httpMethod: string;
  path: string;
  flatPath?: string;
  parameters?: Record<string, DiscoveryParameter>;
  request?: { $ref: string };
  response?: { $ref: string };
}

interface DiscoveryParameter {
  type: string;
  location: 'query' | 'path';
  repeated?: boolean;
  enum?: string[];
  format?: string;
  pattern?: string;
}

interface DiscoverySchema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: string[];
  properties?: Record<string, DiscoverySchema>;
  additionalProperties?: DiscoverySchema;
  items?: DiscoverySchema;
}

interface GoogleMethod {
  id: string;
  httpMethod: string;
  template: string;
  pattern: RegExp;
  queryParameters: Map<string, DiscoveryParameter>;
  requestType?: string;
  responseType?: string;
  validateRequest?: BodyValidator;
  validateResponse?: BodyValidator;
}

const SCHEMA_ID = 'google-people';
const INT32 = { minimum: -2_147_483_648, maximum: 2_147_483_647 };
const UINT32 = { minimum: 0, maximum: 4_294_967_295 };

export function isDiscoveryDocument(value: unknown): value is DiscoveryDocument {
  return isPlainObject(value) && isPlainObject(value.schemas) && isPlainObject(value.resources);
}

/** Validates exchanges with Google's People API against its discovery document. */
export function createGoogleChecker(doc: DiscoveryDocument, ajv: Ajv): ConformanceChecker {
  const definitions = Object.fromEntries(
    Object.entries(doc.schemas).map(([name, schema]) => [name, discoveryToJsonSchema(schema)]),
  );
  ajv.addSchema({ $id: SCHEMA_ID, definitions });
  // Several methods share a type (Person above all); each type is compiled once.
  const validators = new Map<string, BodyValidator>();
  const validatorFor = (type: string): BodyValidator => {
    if (!(type in definitions)) throw new Error(`The discovery document has no schema named ${type}`);
    const validator = validators.get(type) ?? lazyBodyValidator(() => ajv.compile(refTo(type)));
    validators.set(type, validator);
    return validator;
  };

  const methods = collectMethods(doc.resources).map((method) => ({
    ...method,
    ...(method.requestType ? { validateRequest: validatorFor(method.requestType) } : {}),
    ...(method.responseType ? { validateResponse: validatorFor(method.responseType) } : {}),
  }));
  const globalParameters = new Map(Object.entries(doc.parameters ?? {}));
  const validateError = lazyBodyValidator(() => ajv.compile(googleErrorEnvelope));

  return {
    check(exchange) {
      const found = findMethod(methods, exchange);
      if ('violation' in found) return [found.violation];
      const { method } = found;
      return [
        ...checkQuery(method, globalParameters, exchange.query),
        ...checkRequestBody(method, exchange),
        ...checkResponse(method, exchange, validateError),
      ];
    },
  };
}

/**
 * Discovery schemas to JSON Schema. Objects are closed: Google documents every field it sends, so an
 * undeclared key (say `emailAdresses`) is a bug in whoever produced it. `readOnly` is not enforced on
 * requests because Google ignores read-only fields on input and clients echo whole Person objects
 * back (updateContact even requires `metadata.sources`).
 */
function discoveryToJsonSchema(schema: DiscoverySchema): JsonSchema {
  if (schema.$ref !== undefined) return refTo(schema.$ref);
  switch (schema.type) {
    case 'object':
      return objectSchema(schema);
    case 'array':
      return { type: 'array', items: schema.items ? discoveryToJsonSchema(schema.items) : {} };
    case 'string':
      return stringSchema(schema);
    case 'integer':
      return { type: 'integer', ...(schema.format === 'uint32' ? UINT32 : INT32) };
    case 'number':
    case 'boolean':
      return { type: schema.type };
    default:
      // `any` and untyped values: the discovery format leaves them unconstrained.
      return {};
  }
}

function refTo(type: string): JsonSchema {
  return { $ref: `${SCHEMA_ID}#/definitions/${type}` };
}

function objectSchema(schema: DiscoverySchema): JsonSchema {
  const out: JsonSchema = { type: 'object' };
  if (schema.properties) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([name, property]) => [name, discoveryToJsonSchema(property)]),
    );
  }
  out.additionalProperties = schema.additionalProperties
    ? discoveryToJsonSchema(schema.additionalProperties)
    : false;
  return out;
}

function stringSchema(schema: DiscoverySchema): JsonSchema {
  const out: JsonSchema = { type: 'string' };
  if (schema.enum) out.enum = schema.enum;
  switch (schema.format) {
    // 64-bit integers travel as decimal strings in Google's JSON mapping.
    case 'int64':
      out.pattern = '^-?[0-9]+$';
      break;
    case 'uint64':
      out.pattern = '^[0-9]+$';
      break;
    case 'google-datetime':
      out.format = 'date-time';
      break;
    case 'date':
      out.format = 'date';
      break;
    // Google accepts both the standard and the URL-safe base64 alphabets.
    case 'byte':
      out.pattern = '^[A-Za-z0-9+/_-]*={0,2}$';
      break;
  }
  return out;
}

function collectMethods(resources: Record<string, DiscoveryResource>): GoogleMethod[] {
  const methods: GoogleMethod[] = [];
  for (const resource of Object.values(resources)) {
    for (const method of Object.values(resource.methods ?? {})) methods.push(toGoogleMethod(method));
    methods.push(...collectMethods(resource.resources ?? {}));
  }
  // More literal text first, so a fixed path wins over a template that could also match it.
  return methods.sort((a, b) => literalLength(b.template) - literalLength(a.template));
}

function toGoogleMethod(method: DiscoveryMethod): GoogleMethod {
  const template = `/${method.flatPath ?? method.path}`;
  const queryParameters = new Map(
    Object.entries(method.parameters ?? {}).filter(([, parameter]) => parameter.location === 'query'),
  );
  return {
    id: method.id,
    httpMethod: method.httpMethod,
    template,
    pattern: templateToRegExp(template),
    queryParameters,
    ...(method.request ? { requestType: method.request.$ref } : {}),
    ...(method.response ? { responseType: method.response.$ref } : {}),
  };
}

/**
 * `{name}` stands for one path segment and stops at `:` because a custom verb (`:updateContact`)
 * follows the last segment; `{+name}` may span several segments.
 */
function templateToRegExp(template: string): RegExp {
  const source = template
    .split(/(\{\+?[^}]+\})/)
    .map((part) => {
      if (part.startsWith('{+')) return '.+';
      if (part.startsWith('{')) return '[^/:]+';
      return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}$`);
}

function literalLength(template: string): number {
  return template.replace(/\{[^}]+\}/g, '').length;
}

function findMethod(
  methods: GoogleMethod[],
  exchange: Exchange,
): { method: GoogleMethod } | { violation: Violation } {
  const bare = exchange.path.split('?')[0] ?? '';
  const path = bare.startsWith('/') ? bare : `/${bare}`;
  const httpMethod = exchange.method.toUpperCase();
  const onPath = methods.filter((method) => method.pattern.test(path));
  const method = onPath.find((candidate) => candidate.httpMethod === httpMethod);
  if (method) return { method };
  const message =
    onPath.length === 0
      ? `${httpMethod} ${path} matches no method of the People API discovery document`
      : `${httpMethod} is not allowed on ${path}; the discovery document allows ${onPath
          .map((candidate) => `${candidate.httpMethod} (${candidate.id})`)
          .join(', ')}`;
  return { violation: { where: 'route', path, message } };
}

function checkQuery(
  method: GoogleMethod,
  globalParameters: Map<string, DiscoveryParameter>,
  query: Exchange['query'],
): Violation[] {
  const violations: Violation[] = [];
  const report = (name: string, message: string) =>
    violations.push({ where: 'request', operation: method.id, path: `query.${name}`, message });

  for (const [name, raw] of Object.entries(query)) {
    const parameter = method.queryParameters.get(name) ?? globalParameters.get(name);
    if (!parameter) {
      report(name, `is not a query parameter of ${method.id} nor a standard Google parameter`);
      continue;
    }
    const values = Array.isArray(raw) ? raw : [raw];
    if (values.length > 1 && !parameter.repeated) {
      report(name, `is not repeated but was sent ${values.length} times`);
    }
    for (const value of values) {
      const problem = parameterValueProblem(parameter, value);
      if (problem) report(name, problem);
    }
  }
  return violations;
}

function parameterValueProblem(parameter: DiscoveryParameter, value: string): string | null {
  if (parameter.enum && !parameter.enum.includes(value)) {
    return `must be one of ${JSON.stringify(parameter.enum)}, got ${JSON.stringify(value)}`;
  }
  if (parameter.type === 'boolean' && value !== 'true' && value !== 'false') {
    return `must be true or false, got ${JSON.stringify(value)}`;
  }
  if (parameter.type === 'integer') {
    const range = parameter.format === 'uint32' ? UINT32 : INT32;
    const n = Number(value);
    if (!/^-?[0-9]+$/.test(value) || n < range.minimum || n > range.maximum) {
      return `must be a ${parameter.format ?? 'int32'} integer, got ${JSON.stringify(value)}`;
    }
  }
  if (parameter.pattern && !new RegExp(parameter.pattern).test(value)) {
    return `must match ${parameter.pattern}, got ${JSON.stringify(value)}`;
  }
  return null;
}

function checkRequestBody(method: GoogleMethod, exchange: Exchange): Violation[] {
  const violation = (path: string, message: string): Violation => ({
    where: 'request',
    operation: method.id,
    path,
    message,
  });
  if (!method.validateRequest) {
    return exchange.requestBody === undefined
      ? []
      : [violation('', `${method.id} takes no request body, but one was sent`)];
  }
  if (exchange.requestBody === undefined) {
    return [violation('', `${method.id} expects a ${method.requestType} body, but none was sent`)];
  }
  return method
    .validateRequest(exchange.requestBody)
    .map((problem) => violation(problem.path, problem.message));
}

function checkResponse(method: GoogleMethod, exchange: Exchange, validateError: BodyValidator): Violation[] {
  const violation = (path: string, message: string): Violation => ({
    where: 'response',
    operation: method.id,
    path,
    message,
  });
  const body = exchange.responseBody;
  if (exchange.status < 200 || exchange.status > 299)
    return checkErrorBody(exchange, validateError, violation);

  const violations: Violation[] = [];
  // Google's REST mapping answers every successful call with 200, creations included.
  if (exchange.status !== 200) {
    violations.push(violation('', `success status must be 200, got ${exchange.status}`));
  }
  if (!method.validateResponse) {
    if (body !== undefined) violations.push(violation('', `${method.id} returns no body, but one was sent`));
    return violations;
  }
  if (body === undefined) {
    violations.push(violation('', `${method.id} returns a ${method.responseType} body, but none was sent`));
    return violations;
  }
  for (const problem of method.validateResponse(body))
    violations.push(violation(problem.path, problem.message));
  return violations;
}

function checkErrorBody(
  exchange: Exchange,
  validateError: BodyValidator,
  violation: (path: string, message: string) => Violation,
): Violation[] {
  const body = exchange.responseBody;
  if (body === undefined) {
    return [
      violation('', `a ${exchange.status} response must carry Google's {error:{code,message,status}} body`),
    ];
  }
  const violations = validateError(body).map((problem) => violation(problem.path, problem.message));
  const code = isPlainObject(body) && isPlainObject(body.error) ? body.error.code : undefined;
  if (typeof code === 'number' && code !== exchange.status) {
    violations.push(
      violation(nestPath('error', 'code'), `is ${code} but the HTTP status is ${exchange.status}`),
    );
  }
  return violations;
}
