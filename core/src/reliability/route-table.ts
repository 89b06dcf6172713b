import type { FastifyInstance } from 'fastify';

/** A JSON Schema as the OpenAPI document carries it (nullable types become `nullable: true`). */
export interface Schema {
  type?: string | string[];
  nullable?: boolean;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
}

export interface ApiRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The OpenAPI path, e.g. /api/v1/orders/{id} */
  path: string;
  /** Path parameter names, in order. */
  params: string[];
  /** The JSON body schema, when the route takes one. */
  body: Schema | undefined;
  /** The querystring as one object schema, when the route declares query parameters. */
  query: Schema | undefined;
  /** Multipart uploads take a file, not a JSON body. */
  multipart: boolean;
}

interface Operation {
  parameters?: { in: string; name: string; required?: boolean; schema: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}

/**
 * The server's own route table, as @fastify/swagger collected it from every registered route
 * (kernel and plugins) through fastify's onRoute hook: the suites below are generated from it,
 * so a new route is covered, or fails them, without anyone editing a list of URLs.
 */
export function apiRoutes(app: FastifyInstance): ApiRoute[] {
  const spec = app.swagger() as { paths: Record<string, Record<string, Operation>> };
  const routes: ApiRoute[] = [];
  for (const [path, operations] of Object.entries(spec.paths)) {
    if (!path.startsWith('/api/v1/')) continue;
    for (const [method, operation] of Object.entries(operations)) {
      const parameters = operation.parameters ?? [];
      const queryParameters = parameters.filter((p) => p.in === 'query');
      const content = operation.requestBody?.content ?? {};
      routes.push({
        method: method.toUpperCase() as ApiRoute['method'],
        path,
        params: [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!),
        body: content['application/json']?.schema,
        query: queryParameters.length === 0 ? undefined : {
          type: 'object',
          properties: Object.fromEntries(queryParameters.map((p) => [p.name, p.schema])),
          required: queryParameters.filter((p) => p.required).map((p) => p.name),
        },
        multipart: 'multipart/form-data' in content,
      });
    }
  }
  return routes;
}

/** `/api/v1/orders/{id}/refunds` with `{ id: 'x' }` → `/api/v1/orders/x/refunds`. */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${path}`);
    return encodeURIComponent(value);
  });
}
