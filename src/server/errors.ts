import type { z } from 'zod';

/**
 * The one catalogue of error codes. Top-level codes answer a request; field codes sit in
 * `details[].code` next to the field's `path`. docs/errors.md lists them for API users.
 */
export const ERROR_CATALOGUE = {
  // request-level
  validation_failed: { status: 400, message: 'The request has invalid fields.' },
  malformed_json: { status: 400, message: 'The request body is not valid JSON.' },
  invalid_query: { status: 400, message: 'The query string has invalid parameters.' },
  invalid_cursor: { status: 400, message: 'The paging cursor is not one this server issued.' },
  unsupported_media_type: { status: 415, message: 'This content type is not accepted here.' },
  payload_too_large: { status: 413, message: 'The request body is larger than allowed.' },
  unauthenticated: { status: 401, message: 'Log in or send a valid API token.' },
  invalid_credentials: { status: 401, message: 'The email or password is wrong.' },
  csrf_failed: { status: 403, message: 'Cross-site request refused: send the x-csrf-token header.' },
  forbidden: { status: 403, message: 'This action is not allowed for this user or token.' },
  not_found: { status: 404, message: 'Nothing with this id exists for this user.' },
  route_not_found: { status: 404, message: 'No such route.' },
  version_conflict: { status: 409, message: 'The contact changed since it was read; reload and retry.' },
  email_taken: { status: 409, message: 'A user with this email already exists.' },
  rate_limited: { status: 429, message: 'Too many attempts; wait and try again.' },
  import_empty_file: { status: 400, message: 'The uploaded file is empty.' },
  import_invalid_encoding: {
    status: 400,
    message: 'The file is not UTF-8 (or UTF-16 with a byte-order mark).',
  },
  import_unknown_format: { status: 400, message: 'The file is neither a known CSV layout nor a vCard.' },
  import_malformed_csv: { status: 400, message: 'The CSV file cannot be read.' },
  import_missing_file: { status: 400, message: 'Send the file in a multipart field named "file".' },
  oauth_state_invalid: {
    status: 400,
    message:
      'This authorization link is unknown, used, expired or from another browser session; start again.',
  },
  sync_connection_exists: {
    status: 409,
    message: 'Contact Sync is already connected to an account; disconnect it before connecting another.',
  },
  sync_legacy_integration: {
    status: 409,
    message:
      'An older contact or calendar integration is still set up; remove it before connecting Contact Sync.',
  },
  sync_not_connected: { status: 404, message: 'Contact Sync is not connected.' },
  sync_account_mismatch: {
    status: 409,
    message:
      'The account that signed in is not the email that was entered; authorize again with that account.',
  },
  sync_provider_unavailable: { status: 400, message: 'This provider is not configured on this server.' },
  sync_invalid_state: { status: 409, message: 'The connection is not in a state that allows this.' },
  internal_error: { status: 500, message: 'Something went wrong on our side; it has been logged.' },
  service_unavailable: { status: 503, message: 'A dependency is unavailable.' },

  // field-level (details[].code)
  required: { status: 400, message: 'This field is required.' },
  invalid_type: { status: 400, message: 'This field has the wrong type.' },
  unknown_field: { status: 400, message: 'This field is not part of the schema.' },
  too_long: { status: 400, message: 'This value is too long.' },
  too_short: { status: 400, message: 'This value is too short.' },
  too_many: { status: 400, message: 'This list has too many items.' },
  out_of_range: { status: 400, message: 'This number is out of range.' },
  invalid_value: { status: 400, message: 'This value is not one of the allowed values.' },
  invalid_format: { status: 400, message: 'This value is not in the expected format.' },
  invalid_date: { status: 400, message: 'This date does not exist.' },
  invalid_phone: { status: 400, message: 'This is not a phone number.' },
  not_allowed: { status: 400, message: 'This value cannot be set by this caller.' },

  // import row-level (rows[].reason.code)
  likely_duplicate: { status: 409, message: 'Likely the same person as an existing contact.' },
  empty_row: { status: 400, message: 'The row has no name, company, email or phone.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export interface ErrorDetail {
  path: string;
  code: ErrorCode;
  message: string;
  [extra: string]: unknown;
}

export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message ?? ERROR_CATALOGUE[code].message);
    this.name = 'AppError';
    this.status = ERROR_CATALOGUE[code].status;
  }

  toBody() {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

export function detail(path: string, code: ErrorCode, message?: string): ErrorDetail {
  return { path, code, message: message ?? ERROR_CATALOGUE[code].message };
}

/**
 * Maps zod issues onto the catalogue, one detail per field (an unknown key becomes its own path).
 * Parse with `{ reportInput: true }` so a missing field (`required`) is told from a wrong type.
 */
export function detailsFromZod(issues: readonly z.core.$ZodIssue[], prefix = ''): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const issue of issues) {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push(detail(path ? `${path}.${key}` : key, 'unknown_field'));
      continue;
    }
    const { code, message } = classifyIssue(issue);
    out.push(detail(path || '(root)', code, message));
  }
  return out;
}

function classifyIssue(issue: z.core.$ZodIssue): { code: ErrorCode; message: string } {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? { code: 'required', message: ERROR_CATALOGUE.required.message }
        : { code: 'invalid_type', message: `Expected ${issue.expected}.` };
    case 'too_big':
      if (issue.origin === 'string')
        return { code: 'too_long', message: `At most ${issue.maximum} characters.` };
      if (issue.origin === 'array' || issue.origin === 'set')
        return { code: 'too_many', message: `At most ${issue.maximum} items.` };
      return { code: 'out_of_range', message: `At most ${issue.maximum}.` };
    case 'too_small':
      if (issue.origin === 'string')
        return issue.minimum === 1
          ? { code: 'required', message: 'This field cannot be empty.' }
          : { code: 'too_short', message: `At least ${issue.minimum} characters.` };
      return { code: 'out_of_range', message: `At least ${issue.minimum}.` };
    case 'invalid_value':
      return { code: 'invalid_value', message: `Expected one of: ${issue.values.map(String).join(', ')}.` };
    case 'invalid_format':
      return { code: 'invalid_format', message: `Not a valid ${issue.format}.` };
    case 'custom': {
      const code = (issue.params?.code as ErrorCode | undefined) ?? 'invalid_value';
      return { code, message: issue.message };
    }
    default:
      return { code: 'invalid_value', message: issue.message };
  }
}
