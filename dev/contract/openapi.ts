/** The parts of an OpenAPI 3.0 document (as twilio-oai writes them) the contract check reads. */

export interface Schema {
  $ref?: string;
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';
  format?: string;
  enum?: string[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  'x-twilio'?: { ignoreFormat?: boolean };
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: Schema;
}

export interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  /** Twilio's extension: `conditional` lists groups of snake_case fields of which one is needed. */
  'x-twilio'?: { conditional?: string[][] };
}

export interface Server {
  url: string;
}

export const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type Method = (typeof METHODS)[number];

export type PathItem = Partial<Record<Method, Operation>> & { parameters?: Parameter[]; servers?: Server[] };

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  servers?: Server[];
  paths: Record<string, PathItem>;
  components?: { schemas?: Record<string, Schema> };
}

/** Follows a local `$ref` ("#/components/schemas/…"); a schema without one is returned as is. */
export function resolve(doc: OpenApiDocument, schema: Schema): Schema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const target = doc.components?.schemas?.[name];
  if (!target) throw new Error(`${doc.info.title}: unresolvable $ref ${schema.$ref}`);
  return resolve(doc, target);
}
