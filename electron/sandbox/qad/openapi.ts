// The OpenAPI 3 document the REST simulator serves. QAD documents its REST APIs in Swagger inside each
// instance (sheet 2.2 [P-third-party]); where exactly is unconfirmed, so the path is an option. The document
// lists only this instance's collections, so a client that checks it notices a missing one.
import type { QadRestCollectionKey } from '../../connectors/qad/defaults.ts';
import type { ResolvedRestOptions } from './options.ts';

export const WRITABLE_COLLECTIONS: ReadonlySet<QadRestCollectionKey> = new Set([
  'supplierInvoices',
  'journalEntries',
  'receipts',
]);

export function buildOpenApi(
  options: ResolvedRestOptions,
  tenantUrl: string,
  filters: Readonly<Record<string, readonly string[]>>,
) {
  const paths: Record<string, unknown> = {
    '/oauth/token': {
      post: {
        operationId: 'token',
        summary: 'OAuth2 password grant; credentials travel as query parameters.',
        parameters: ['client_id', 'username', 'password', 'grant_type'].map((name) => ({
          name,
          in: 'query',
          required: true,
          schema: { type: 'string' },
        })),
        responses: { '200': { description: 'access token' }, '401': { description: 'bad credentials' } },
      },
    },
  };
  for (const [key, collection] of Object.entries(options.collections) as [
    QadRestCollectionKey,
    { name: string; viewUri: string },
  ][]) {
    if (options.disabled.has(key)) continue;
    const parameters = [
      { name: 'viewUri', in: 'query', schema: { type: 'string', enum: [collection.viewUri] } },
      { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
      { name: 'pageSize', in: 'query', schema: { type: 'integer', minimum: 1 } },
      ...(filters[key] ?? []).map((name) => ({ name, in: 'query', schema: { type: 'string' } })),
    ];
    const item: Record<string, unknown> = {
      get: {
        operationId: `list_${key}`,
        'x-view-uri': collection.viewUri,
        parameters,
        security: [{ bearer: [] }],
        responses: {
          '200': { description: `{ supplementaryMessages, ${collection.name.split('/').pop()} }` },
        },
      },
    };
    if (WRITABLE_COLLECTIONS.has(key)) {
      item.post = {
        operationId: `create_${key}`,
        security: [{ bearer: [] }],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
        responses: { '200': { description: 'submitResult.success tells whether it was accepted' } },
      };
    }
    paths[`/api/erp/${collection.name}`] = item;
  }
  return {
    openapi: '3.0.3',
    info: { title: 'QAD Adaptive ERP (ml-connector sandbox)', version: '1.0.0' },
    servers: [{ url: tenantUrl }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}
