import type { JsonSchema } from './schema-validation.ts';

// The canonical google.rpc.Code names; Google puts one of them in `error.status`.
const GOOGLE_RPC_CODES = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'UNAUTHENTICATED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
];

/**
 * Google's JSON error body (google.rpc.Status wrapped in `error`). The discovery document's `Status`
 * schema is the inner object only and lacks `status` and the legacy `errors[]`, so it is written here.
 */
export const googleErrorEnvelope: JsonSchema = {
  type: 'object',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'status'],
      additionalProperties: false,
      properties: {
        code: { type: 'integer', minimum: 100, maximum: 599 },
        message: { type: 'string' },
        status: { type: 'string', enum: GOOGLE_RPC_CODES },
        // Typed payloads (ErrorInfo, BadRequest, QuotaFailure…) each name their type in `@type`.
        details: {
          type: 'array',
          items: { type: 'object', required: ['@type'], properties: { '@type': { type: 'string' } } },
        },
        // The legacy v1 list that many Google APIs still send beside the v2 fields.
        errors: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            properties: {
              message: { type: 'string' },
              domain: { type: 'string' },
              reason: { type: 'string' },
              location: { type: 'string' },
              locationType: { type: 'string' },
            },
          },
        },
      },
    },
  },
};

const graphErrorDetail: JsonSchema = {
  type: 'object',
  required: ['code', 'message'],
  additionalProperties: false,
  properties: { code: { type: 'string' }, message: { type: 'string' }, target: { type: 'string' } },
};

/**
 * Graph's OData error body. The extract's `odata.error` leaves every object open and spells the inner
 * object `innererror`, while the service sends `innerError`; both spellings are accepted here.
 */
export const graphErrorEnvelope: JsonSchema = {
  type: 'object',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      additionalProperties: false,
      properties: {
        code: { type: 'string', minLength: 1 },
        message: { type: 'string' },
        target: { type: 'string' },
        details: { type: 'array', items: graphErrorDetail },
        innerError: { type: 'object' },
        innererror: { type: 'object' },
      },
    },
  },
};
