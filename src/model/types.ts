/** The API model types: what generic code knows of an OpenAPI document. */
import type { OpenAPIV3_1 } from 'openapi-types';

/** JSON Schema 2020-12 as it appears inside an OpenAPI 3.1 document (plus `x-` extensions). */
export type JsonSchema = Record<string, unknown> | boolean;

/** Provenance of a constraint or example: a sentence quoted from a source document. */
export interface Source {
  file: string;
  quote: string;
}

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';

export interface ParameterModel {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: JsonSchema;
  example?: unknown;
  /** JSON pointer of the parameter (or header) object in the document. */
  pointer?: string;
  /** Serialisation (OpenAPI `style`/`explode`); absent: the defaults of its location. */
  style?: string;
  explode?: boolean;
  /** A query value's RFC 3986 reserved characters go as they are (OpenAPI `allowReserved`). */
  allowReserved?: boolean;
  /** The schema came from `content` with a JSON media type: the value is JSON text on the wire. */
  contentJson?: boolean;
}

export interface ExampleModel {
  name: string;
  summary?: string;
  value: unknown;
  source?: Source;
  /** The example's x-assumption: what it shows that the sources do not. */
  assumption?: string;
}

export interface MediaModel {
  /** JSON pointer of the media type object in the document. */
  pointer?: string;
  contentType: string;
  /** Self-contained JSON Schema (2020-12, local `$defs` only, no outside `$ref`). */
  schema?: JsonSchema;
  examples: ExampleModel[];
  /** A form body's per-property serialisation (OpenAPI `encoding`): a part's content type, a field's style. */
  encoding?: Record<string, { contentType?: string; style?: string; explode?: boolean }>;
}

export interface ResponseModel {
  /** '200', '4XX' or 'default', as written in the document. */
  status: string;
  description?: string;
  headers: ParameterModel[];
  content: MediaModel[];
}

export interface OperationModel {
  api: string;
  operationId: string;
  method: HttpMethod;
  /** Path template as in the document, e.g. `/v2.01/{ClientId}/users/legal/{UserId}`. */
  path: string;
  summary?: string;
  parameters: ParameterModel[];
  requestBody?: { required: boolean; content: MediaModel[] };
  responses: ResponseModel[];
  /** Security requirement alternatives; empty array = no credentials needed. */
  security: OpenAPIV3_1.SecurityRequirementObject[];
  /** Closes or deletes something: guarded against production hosts. */
  destructive: boolean;
  /**
   * Why the operation cannot be checked (it reaches a `$ref` that points to nothing): it is
   * listed, skipped with this reason, and holds no parameters, body or responses.
   */
  unusable?: string;
}

export interface ApiModel {
  name: string;
  title: string;
  /** Absolute path of the OpenAPI document. */
  file: string;
  document: OpenAPIV3_1.Document;
  servers: { url: string; description?: string }[];
  productionServers: string[];
  securitySchemes: Record<string, OpenAPIV3_1.SecuritySchemeObject>;
  operations: OperationModel[];
  /** Content hash of the document (and bindings): keys the generated validators. */
  hash: string;
  /** The version the file declared when it was upgraded to 3.1 on load (`3.0.3`, `2.0`): its rules are that version's, not 3.1's. */
  upgradedFrom?: string;
  /** What building the model had to say without stopping (a duplicate operationId, a broken `$ref`), each naming file:line. */
  warnings?: string[];
}
