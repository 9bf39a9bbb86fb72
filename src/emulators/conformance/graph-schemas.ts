import type { JsonSchema } from './schema-validation.ts';

/** The subset of OpenAPI 3.0 schema objects that Microsoft's generated Graph slices use. */
export interface OpenApiSchema {
  $ref?: string;
  type?: string;
  format?: string;
  nullable?: boolean;
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  uniqueItems?: boolean;
  required?: string[];
  properties?: Record<string, OpenApiSchema>;
  additionalProperties?: OpenApiSchema | boolean;
  items?: OpenApiSchema;
  allOf?: OpenApiSchema[];
  anyOf?: OpenApiSchema[];
  oneOf?: OpenApiSchema[];
}

export const GRAPH_SCHEMA_ID = 'graph-contacts';
const COMPONENT_PREFIX = '#/components/schemas/';

/**
 * Types that are open by design: an open extension carries whatever the app stored in it, and
 * `resourceData` mirrors the changed entity. Every other type is closed.
 */
const OPEN_TYPES = new Set(['microsoft.graph.extension', 'microsoft.graph.resourceData']);

// OData control information (`@odata.etag`, `@odata.context`, `@removed`, `displayName@odata.type`…)
// may sit on any object; everything else must be declared.
const ANNOTATIONS = { '@': {} };

// Formats ajv-formats checks that the slices use; int32 and friends are covered by minimum/maximum.
const CHECKED_FORMATS = new Set(['uuid', 'date']);

export function componentRef(name: string): JsonSchema {
  return { $ref: `${GRAPH_SCHEMA_ID}#/definitions/${name}` };
}

/**
 * Converts the extract's component schemas to JSON Schema definitions. The generator marks every
 * object `additionalProperties: {type: object}`, which would accept any typo; objects are closed
 * instead, with OData annotations allowed. `allOf` chains (contact → outlookItem → entity) are
 * flattened into one object, because a closed object inside `allOf` would reject the properties
 * that its siblings declare.
 */
export function convertComponents(components: Record<string, OpenApiSchema>): Record<string, JsonSchema> {
  const converter = new GraphSchemaConverter(components);
  return Object.fromEntries(
    Object.entries(components).map(([name, schema]) => [name, converter.component(name, schema)]),
  );
}

export class GraphSchemaConverter {
  constructor(private readonly components: Record<string, OpenApiSchema>) {}

  component(name: string, schema: OpenApiSchema): JsonSchema {
    const converted = this.convert(schema);
    if (OPEN_TYPES.has(name)) {
      delete converted.additionalProperties;
      delete converted.patternProperties;
    }
    return converted;
  }

  convert(schema: OpenApiSchema): JsonSchema {
    if (schema.$ref !== undefined) {
      const ref = componentRef(this.componentName(schema.$ref));
      return schema.nullable ? { anyOf: [ref, { type: 'null' }] } : ref;
    }
    if (schema.allOf) return this.nullable(this.flatten(schema), schema.nullable);
    const alternatives = schema.anyOf ?? schema.oneOf;
    if (alternatives) {
      const branches = alternatives.map((branch) => this.convert(branch));
      return { anyOf: schema.nullable ? [...branches, { type: 'null' }] : branches };
    }
    switch (schema.type) {
      case 'object':
        return this.nullable(this.object(schema.properties, schema.required, schema), schema.nullable);
      case 'array':
        return this.nullable(
          {
            type: 'array',
            items: schema.items ? this.convert(schema.items) : {},
            ...(schema.uniqueItems ? { uniqueItems: true } : {}),
          },
          schema.nullable,
        );
      case undefined:
        return {};
      default:
        return this.nullable(scalar(schema), schema.nullable);
    }
  }

  private object(
    properties: Record<string, OpenApiSchema> | undefined,
    required: string[] | undefined,
    source: OpenApiSchema,
  ): JsonSchema {
    const out: JsonSchema = { type: 'object' };
    if (properties && Object.keys(properties).length > 0) {
      out.properties = Object.fromEntries(
        Object.entries(properties).map(([name, property]) => [name, this.convert(property)]),
      );
      out.patternProperties = ANNOTATIONS;
      out.additionalProperties = false;
    } else if (source.additionalProperties === false) {
      out.additionalProperties = false;
    }
    // An object without declared properties (innererror, a bare map) stays open: nothing to check.
    if (required && required.length > 0) out.required = required;
    return out;
  }

  private flatten(schema: OpenApiSchema): JsonSchema {
    const properties: Record<string, OpenApiSchema> = {};
    const required = new Set<string>();
    const visit = (part: OpenApiSchema) => {
      if (part.$ref !== undefined) {
        visit(this.resolve(part.$ref));
        return;
      }
      for (const inner of part.allOf ?? []) visit(inner);
      Object.assign(properties, part.properties ?? {});
      for (const name of part.required ?? []) required.add(name);
    };
    visit(schema);
    return this.object(properties, [...required], schema);
  }

  private resolve(ref: string): OpenApiSchema {
    const target = this.components[this.componentName(ref)];
    if (!target) throw new Error(`The OpenAPI extract refers to a missing schema: ${ref}`);
    return target;
  }

  private componentName(ref: string): string {
    if (!ref.startsWith(COMPONENT_PREFIX)) throw new Error(`Unsupported $ref outside components: ${ref}`);
    return ref.slice(COMPONENT_PREFIX.length);
  }

  private nullable(schema: JsonSchema, nullable: boolean | undefined): JsonSchema {
    if (!nullable) return schema;
    const out = { ...schema };
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    return out;
  }
}

function scalar(schema: OpenApiSchema): JsonSchema {
  const out: JsonSchema = { type: schema.type };
  if (schema.enum) out.enum = schema.enum;
  if (schema.pattern !== undefined) out.pattern = schema.pattern;
  if (schema.minimum !== undefined) out.minimum = schema.minimum;
  if (schema.maximum !== undefined) out.maximum = schema.maximum;
  if (schema.minLength !== undefined) out.minLength = schema.minLength;
  if (schema.maxLength !== undefined) out.maxLength = schema.maxLength;
  if (schema.format !== undefined && CHECKED_FORMATS.has(schema.format)) out.format = schema.format;
  return out;
}

/**
 * The wire shape of a delta page. The extract models the response as a bare array (a generator
 * simplification); the service sends `{value, @odata.nextLink | @odata.deltaLink}` whose items are
 * full entities or `{id, @removed}` tombstones.
 */
export function deltaPageSchema(item: JsonSchema): JsonSchema {
  const tombstone: JsonSchema = {
    type: 'object',
    required: ['id', '@removed'],
    properties: {
      id: { type: 'string' },
      '@removed': {
        type: 'object',
        required: ['reason'],
        additionalProperties: false,
        properties: { reason: { type: 'string', enum: ['changed', 'deleted'] } },
      },
    },
    patternProperties: ANNOTATIONS,
    additionalProperties: false,
  };
  return {
    type: 'object',
    required: ['value'],
    properties: {
      value: {
        type: 'array',
        // A tombstone would also pass as a sparse entity, so the `@removed` key decides which
        // schema reports the errors.
        // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword; this object is never awaited.
        items: { if: { type: 'object', required: ['@removed'] }, then: tombstone, else: item },
      },
      '@odata.context': { type: 'string' },
      '@odata.nextLink': { type: 'string' },
      '@odata.deltaLink': { type: 'string' },
    },
    patternProperties: ANNOTATIONS,
    additionalProperties: false,
  };
}
