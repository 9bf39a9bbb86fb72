import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/** A JSON Schema (draft-07) document built by the converters in this folder. */
export type JsonSchema = { [keyword: string]: unknown };

/** A place in a body that breaks its schema; `path` is relative to the validated value. */
export interface SchemaProblem {
  path: string;
  message: string;
}

export type BodyValidator = (body: unknown) => SchemaProblem[];

// ajv-formats is CommonJS; under NodeNext its default import is the module object, not the plugin.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/**
 * One validator factory per checker, so that compiled schemas live as long as the checker and no
 * module-level state is shared between tests.
 */
export function createAjv(): Ajv {
  // allErrors: a test failure should list every typo in a body, not only the first one.
  // verbose: error messages quote the offending value.
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strict: true,
    strictRequired: false,
    allowUnionTypes: true,
  });
  addFormats(ajv, ['date-time', 'date', 'uuid']);
  return ajv;
}

function toBodyValidator(validate: ValidateFunction): BodyValidator {
  return (body) => (validate(body) ? [] : describeErrors(validate.errors ?? []));
}

/**
 * Compiles on first use and keeps the result: a test file touches a few operations, and compiling
 * all of them up front would cost every file a noticeable start-up delay.
 */
export function lazyBodyValidator(compile: () => ValidateFunction): BodyValidator {
  let validator: BodyValidator | undefined;
  return (body) => {
    validator ??= toBodyValidator(compile());
    return validator(body);
  };
}

function describeErrors(errors: ErrorObject[]): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const problem = describeError(error);
    if (!problem) continue;
    const key = `${problem.path}\n${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

/**
 * Turns one ajv error into a readable problem, or null for errors that only summarise others
 * (`if`/`anyOf` wrappers and the `null` branch of a nullable reference), which would repeat the
 * real cause in vaguer words.
 */
function describeError(error: ErrorObject): SchemaProblem | null {
  const at = pointerToPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'if':
    case 'anyOf':
      return null;
    case 'additionalProperties':
      return {
        path: joinPath(at, String(params.additionalProperty)),
        message: 'is not a declared property',
      };
    case 'required':
      return { path: joinPath(at, String(params.missingProperty)), message: 'is required but missing' };
    case 'type':
      if (params.type === 'null') return null;
      return { path: at, message: `must be ${String(params.type)}, got ${describeValue(error.data)}` };
    case 'enum':
      return {
        path: at,
        message: `must be one of ${JSON.stringify(params.allowedValues)}, got ${describeValue(error.data)}`,
      };
    default:
      return { path: at, message: `${error.message ?? 'is invalid'} (got ${describeValue(error.data)})` };
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** `/connections/3/names/0/givenName` → `connections[3].names[0].givenName`. */
function pointerToPath(pointer: string): string {
  if (pointer === '') return '';
  let path = '';
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    path = /^\d+$/.test(segment) ? `${path}[${segment}]` : joinPath(path, segment);
  }
  return path;
}

/** Appends a property name or a path to a prefix, quoting names that are not plain identifiers. */
export function joinPath(prefix: string, next: string): string {
  if (next === '') return prefix;
  if (next.startsWith('[')) return `${prefix}${next}`;
  if (!/^[A-Za-z_$][\w$]*$/.test(next)) return `${prefix}[${JSON.stringify(next)}]`;
  return prefix === '' ? next : `${prefix}.${next}`;
}

/** Prefixes an already formatted relative path (as produced by `pointerToPath`). */
export function nestPath(prefix: string, path: string): string {
  if (path === '') return prefix;
  if (prefix === '' || path.startsWith('[')) return `${prefix}${path}`;
  return `${prefix}.${path}`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
