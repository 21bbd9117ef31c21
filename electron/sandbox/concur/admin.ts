// Admin routes of the Concur simulator under /__sandbox/ (served on both hosts): inspect documents and
// confirmations, recall / resubmit / re-status a document, add documents, switch options at runtime, manage
// tokens, and trigger ESS deliveries. The tests and the demo drive the "Concur side" through these.
import { z } from 'zod';
import { json, text, type SimRequest, type SimResponse } from '../http-server.ts';
import type { ConcurSimulatorCore } from './core.ts';
import { concurOptionsSchema } from './options.ts';
import type { FisDocument } from './state.ts';

const addSchema = z.strictObject({
  count: z.number().int().min(1).max(100_000).optional(),
  docType: z.enum(['invoice', 'expense']).optional(),
  /** A hand-made document: the `document` payload as FIS returns it. */
  document: z
    .strictObject({
      docType: z.enum(['invoice', 'expense']),
      businessId: z.string().min(1).max(32),
      entityCode: z.string().min(1).default('10USA'),
      document: z.record(z.string(), z.unknown()),
    })
    .optional(),
});

const failNextSchema = z.strictObject({ count: z.number().int().min(0).max(1000).default(1) });
const statusSchema = z.strictObject({ docStatus: z.string().min(1).max(60) });
const resubmitSchema = z.strictObject({ document: z.record(z.string(), z.unknown()).optional() });
const managedSchema = z.strictObject({ managedBy: z.string().min(1).nullable() });
const revokeSchema = z.strictObject({ refreshToken: z.string().min(1).optional() });
const expireSchema = z.strictObject({ kind: z.enum(['access', 'refresh', 'request', 'all']) });
const deliverSchema = z.strictObject({
  url: z.string().url(),
  documentId: z.string().min(1).optional(),
  twice: z.boolean().optional(),
  eventType: z.string().min(1).optional(),
});

function summary(doc: FisDocument): Record<string, unknown> {
  return {
    id: doc.id,
    docType: doc.docType,
    businessId: doc.businessId,
    entityCode: doc.entityCode,
    docStatus: doc.docStatus,
    revisionNumber: doc.revisionNumber,
    erpSystemId: doc.erpSystemId,
    scenario: doc.scenario,
    supersededBy: doc.supersededBy ?? null,
    paymentRefs: doc.paymentRefs,
  };
}

function readBody<T>(
  request: SimRequest,
  schema: z.ZodType<T>,
): { ok: true; value: T } | { ok: false; response: SimResponse } {
  let raw: unknown;
  try {
    raw = JSON.parse(request.body.toString('utf8') || '{}');
  } catch (error) {
    return {
      ok: false,
      response: json(400, {
        error: `malformed JSON: ${error instanceof Error ? error.message : String(error)}`,
      }),
    };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      response: json(400, { error: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}` }),
    };
  }
  return { ok: true, value: parsed.data };
}

export async function handleAdmin(
  core: ConcurSimulatorCore,
  request: SimRequest,
): Promise<SimResponse | undefined> {
  const { state } = core;
  const m = request.method;
  const parts = request.path.split('/').filter(Boolean).slice(1); // after __sandbox
  const [area, id, action] = parts;

  if (area === 'state' && m === 'GET') {
    const byStatus: Record<string, number> = {};
    for (const d of state.documents) byStatus[d.docStatus] = (byStatus[d.docStatus] ?? 0) + 1;
    return json(200, {
      documents: state.documents.length,
      byStatus,
      confirmations: state.confirmations.length,
      vendors: state.vendors.length,
      lists: state.lists.length,
      listItems: state.listItems.length,
      eventsSent: state.eventsSent.length,
    });
  }

  if (area === 'documents') {
    if (!id) {
      if (m === 'GET') {
        const status = request.query.get('docStatus');
        const docType = request.query.get('docType');
        const rows = state.documents.filter(
          (d) => (!status || d.docStatus === status) && (!docType || d.docType === docType),
        );
        return json(200, rows.map(summary));
      }
      if (m === 'POST') {
        const body = readBody(request, addSchema);
        if (!body.ok) return body.response;
        if (body.value.document) {
          const d = body.value.document;
          return json(
            201,
            core
              .addDocuments([
                {
                  id: '',
                  docType: d.docType,
                  businessId: d.businessId,
                  entityCode: d.entityCode,
                  scenario: 'added by hand',
                  document: d.document,
                },
              ])
              .map(summary),
          );
        }
        return json(201, core.generateDocuments(body.value.count ?? 1, body.value.docType).map(summary));
      }
      return undefined;
    }
    const doc =
      state.documentsById.get(id) ??
      state.documents.find((d) => d.businessId === id && d.supersededBy === undefined);
    if (!doc) return json(404, { error: `no document ${id}` });
    if (!action && m === 'GET')
      return json(200, { ...summary(doc), history: doc.history, document: doc.document });
    if (action === 'recall' && m === 'POST') {
      core.setStatus(doc, 'RECALLED', 'admin:recall');
      return json(200, summary(doc));
    }
    if (action === 'status' && (m === 'PUT' || m === 'POST')) {
      const body = readBody(request, statusSchema);
      if (!body.ok) return body.response;
      core.setStatus(doc, body.value.docStatus, 'admin:status');
      return json(200, summary(doc));
    }
    if (action === 'fail-next' && m === 'POST') {
      const body = readBody(request, failNextSchema);
      if (!body.ok) return body.response;
      doc.failNext = body.value.count;
      return json(200, { ...summary(doc), failNext: doc.failNext });
    }
    if (action === 'resubmit' && m === 'POST') {
      const body = readBody(request, resubmitSchema);
      if (!body.ok) return body.response;
      const result = core.resubmit(doc, body.value.document);
      if (!result.ok) return json(409, { error: result.message });
      return json(201, summary(result.document));
    }
    return undefined;
  }

  if (area === 'app-center' && id === 'connect' && m === 'GET') {
    // App Center "Connect": Concur sends the admin's browser to the partner's landing URL with the company
    // UUID, a fresh request token and the admin's id [AUTH; CAUTH].
    const landing = request.query.get('redirect_uri');
    if (!landing || !URL.canParse(landing))
      return json(400, { error: 'redirect_uri: an absolute URL is required' });
    const target = new URL(landing);
    target.searchParams.set('id', state.credentials.companyUuid);
    target.searchParams.set('requestToken', core.issueRequestToken());
    target.searchParams.set(state.options.appCenterUserIdParam, 'a1b2c3d4-0000-4000-a000-000000000001');
    return { status: 302, headers: { location: target.toString() } };
  }

  if (area === 'confirmations' && m === 'GET') {
    const kind = request.query.get('kind');
    return json(
      200,
      state.confirmations.filter((c) => !kind || c.kind === kind),
    );
  }
  if (area === 'vendors' && m === 'GET') return json(200, state.vendors);
  if (area === 'lists') {
    if (!id && m === 'GET') {
      return json(
        200,
        state.lists.map((l) => ({ ...l, items: state.listItems.filter((i) => i.listId === l.id) })),
      );
    }
    if (id && action === 'managed' && (m === 'POST' || m === 'PUT')) {
      const list = state.lists.find((l) => l.id === id || l.value === id);
      if (!list) return json(404, { error: `no list ${id}` });
      const body = readBody(request, managedSchema);
      if (!body.ok) return body.response;
      list.managedBy = body.value.managedBy;
      return json(200, list);
    }
    return undefined;
  }

  if (area === 'options') {
    if (m === 'GET') return json(200, state.options);
    if (m === 'PUT' || m === 'POST') {
      let raw: unknown;
      try {
        raw = JSON.parse(request.body.toString('utf8') || '{}');
      } catch {
        return json(400, { error: 'malformed JSON' });
      }
      const parsed = concurOptionsSchema.safeParse({ ...state.options, ...(raw as object) });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return json(400, { error: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}` });
      }
      state.options = parsed.data;
      return json(200, state.options);
    }
    return undefined;
  }

  if (area === 'tokens' && m === 'POST') {
    if (id === 'request-token')
      return json(201, {
        requestToken: core.issueRequestToken(),
        companyUuid: state.credentials.companyUuid,
      });
    if (id === 'revoke') {
      const body = readBody(request, revokeSchema);
      if (!body.ok) return body.response;
      let revoked = 0;
      for (const [token, record] of state.refreshTokens) {
        if (!body.value.refreshToken || token === body.value.refreshToken) {
          if (!record.revoked) revoked += 1;
          record.revoked = true;
        }
      }
      return json(200, { revoked });
    }
    if (id === 'expire') {
      const body = readBody(request, expireSchema);
      if (!body.ok) return body.response;
      const past = core.clock.now() - 1;
      const kind = body.value.kind;
      if (kind === 'access' || kind === 'all')
        for (const [t, r] of state.accessTokens) state.accessTokens.set(t, { ...r, expiresAt: past });
      if (kind === 'refresh' || kind === 'all')
        for (const r of state.refreshTokens.values()) r.expiresAt = past;
      if (kind === 'request' || kind === 'all')
        for (const r of state.requestTokens.values()) r.expiresAt = past;
      return json(200, { expired: kind });
    }
    return undefined;
  }

  if (area === 'events') {
    if (id === 'public-key' && m === 'GET')
      return text(200, core.signingPublicKeyPem, 'application/x-pem-file');
    if (id === 'sent' && m === 'GET') return json(200, state.eventsSent);
    if (id === 'deliver' && m === 'POST') {
      const body = readBody(request, deliverSchema);
      if (!body.ok) return body.response;
      const { url, ...options } = body.value;
      try {
        const delivery = await core.deliverEvent(url, options);
        return json(200, { event: delivery.event, attempts: delivery.attempts });
      } catch (error) {
        return json(404, { error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  return undefined;
}
