// Starts both QAD simulators on one shared business model, so a document posted through QXtend is visible
// through REST and the other way round, plus admin routes (under /__sandbox/qad/ on either server) that let
// tests and demos inspect documents, receive PO lines and open or close GL periods.
import { z } from 'zod';
import { json, type SimRequest, type SimResponse } from '../http-server.ts';
import { SimClock } from '../clock.ts';
import type { DemoCompany } from '../demo/company.ts';
import { QadModel } from './model.ts';
import { DEFAULT_QAD_SANDBOX_CREDENTIALS, type QadCredentials, type QadSimulatorOptions } from './options.ts';
import { invoiceRow, journalRow, receiptRow } from './read-rows.ts';
import { startQadRestServer, type QadRestServer } from './rest-server.ts';
import { startQadQxtendServer, type QadQxtendServer } from './qxtend-server.ts';

export { QadModel } from './model.ts';
export { DEFAULT_QAD_SANDBOX_CREDENTIALS } from './options.ts';
export type { QadCredentials, QadSimulatorOptions, QadRestOptions, QxtendOptions } from './options.ts';
export type { QadRestServer } from './rest-server.ts';
export type { QadQxtendServer } from './qxtend-server.ts';
export type * from './model-types.ts';

export interface StartQadSimulatorsInput {
  readonly company: DemoCompany;
  readonly clock?: SimClock;
  readonly credentials?: Partial<QadCredentials>;
  readonly options?: QadSimulatorOptions;
}

export interface QadSimulators {
  readonly rest: QadRestServer;
  readonly qxtend: QadQxtendServer;
  readonly model: QadModel;
  readonly clock: SimClock;
  readonly credentials: QadCredentials;
  close(): Promise<void>;
}

const receiveSchema = z.object({
  poNumber: z.string().min(1),
  line: z.number().int().positive().optional(),
  quantity: z.number().positive().optional(),
  lines: z.array(z.object({ line: z.number().int().positive(), quantity: z.number().positive() })).optional(),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
    .optional(),
  fillAll: z.boolean().optional(),
});

const periodSchema = z.object({
  entity: z.string().min(1),
  year: z.number().int(),
  period: z.number().int().min(1).max(13),
  status: z.enum(['open', 'closed']),
});

function readJson(request: SimRequest): unknown {
  try {
    return JSON.parse(request.body.toString('utf8') || '{}');
  } catch {
    return undefined;
  }
}

/** Admin routes over the shared model; see the file comment. */
export function qadAdminRoutes(model: QadModel) {
  return (request: SimRequest): SimResponse | undefined => {
    const q = request.query;
    if (request.path === '/__sandbox/qad/invoices' && request.method === 'GET') {
      // `reference` matches our external reference (description) or the supplier's invoice number.
      const reference = q.get('reference');
      const found = model.invoices.filter(
        (i) =>
          (reference === null || i.description === reference || i.reference === reference) &&
          (q.get('description') === null || i.description === q.get('description')) &&
          (q.get('supplier') === null || i.supplier === q.get('supplier')),
      );
      return json(200, { count: found.length, invoices: found.map((i) => ({ id: i.id, ...invoiceRow(i) })) });
    }
    if (request.path === '/__sandbox/qad/journals' && request.method === 'GET') {
      const reference = q.get('reference');
      const found = model.journals.filter((j) => reference === null || j.description === reference);
      return json(200, { count: found.length, journals: found.map((j) => ({ id: j.id, ...journalRow(j) })) });
    }
    if (request.path === '/__sandbox/qad/receipts' && request.method === 'GET') {
      const po = q.get('poNumber') ?? undefined;
      const found = model.receipts.filter((r) => po === undefined || r.poNumber === po);
      return json(200, { count: found.length, receipts: found.map((r) => receiptRow(model, r)) });
    }
    if (request.path === '/__sandbox/qad/receipts' && request.method === 'POST') {
      const parsed = receiveSchema.safeParse(readJson(request));
      if (!parsed.success)
        return json(400, {
          error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
        });
      const b = parsed.data;
      const lines =
        b.lines ??
        (b.line !== undefined && b.quantity !== undefined ? [{ line: b.line, quantity: b.quantity }] : []);
      const result = model.receivePurchaseOrder({
        poNumber: b.poNumber,
        lines,
        date: b.date,
        fillAll: b.fillAll,
      });
      if (!result.ok) return json(422, { errors: result.errors });
      return json(200, { receipts: result.value.map((r) => receiptRow(model, r)) });
    }
    if (request.path === '/__sandbox/qad/periods' && request.method === 'POST') {
      const parsed = periodSchema.safeParse(readJson(request));
      if (!parsed.success)
        return json(400, {
          error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
        });
      const p = parsed.data;
      if (!model.setPeriodStatus(p.entity, p.year, p.period, p.status))
        return json(404, { error: `no period ${p.year}/${p.period} for entity ${p.entity}` });
      return json(200, p);
    }
    return undefined;
  };
}

export async function startQadSimulators(input: StartQadSimulatorsInput): Promise<QadSimulators> {
  const clock = input.clock ?? new SimClock();
  const credentials: QadCredentials = { ...DEFAULT_QAD_SANDBOX_CREDENTIALS, ...input.credentials };
  const model = new QadModel(input.company, clock);
  const admin = qadAdminRoutes(model);
  const [rest, qxtend] = await Promise.all([
    startQadRestServer({
      model,
      clock,
      credentials,
      admin,
      ...(input.options?.rest ? { options: input.options.rest } : {}),
    }),
    startQadQxtendServer({
      model,
      clock,
      credentials,
      admin,
      ...(input.options?.qxtend ? { options: input.options.qxtend } : {}),
    }),
  ]);
  return {
    rest,
    qxtend,
    model,
    clock,
    credentials,
    close: async () => {
      await Promise.all([rest.close(), qxtend.close()]);
    },
  };
}
