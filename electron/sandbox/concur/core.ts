// The simulator's state and the "Concur side" operations (documents becoming READY, recalls,
// resubmissions, request tokens, event deliveries), independent of the HTTP servers that expose them.
import type { SimClock } from '../clock.ts';
import type { DemoCompany } from '../demo/company.ts';
import { seededRandom } from '../random.ts';
import { DocumentFactory, type GeneratedDocument } from './documents.ts';
import {
  deliverEvent,
  generateSigningKeys,
  type DeliverOptions,
  type EventDelivery,
  type SigningKeys,
} from './events.ts';
import { setStatus } from './fis.ts';
import { seedLists } from './lists.ts';
import { issueRequestToken } from './oauth.ts';
import { concurOptionsSchema, type ConcurOptionsInput } from './options.ts';
import { alnum, hex, uuid, type ConcurState, type FisDocType, type FisDocument } from './state.ts';
import { seedVendors } from './vendors.ts';

export interface ConcurSimulatorCore {
  readonly state: ConcurState;
  readonly clock: SimClock;
  readonly signingPublicKeyPem: string;
  /** Set by the host once the API server listens (the geolocation). */
  apiUrl: string;
  generateDocuments(count: number, docType?: FisDocType): FisDocument[];
  addDocuments(documents: readonly GeneratedDocument[]): FisDocument[];
  setStatus(doc: FisDocument, status: string, by: string): void;
  resubmit(
    doc: FisDocument,
    document?: Record<string, unknown>,
  ): { ok: true; document: FisDocument } | { ok: false; message: string };
  issueRequestToken(): string;
  deliverEvent(url: string, options?: DeliverOptions): Promise<EventDelivery>;
}

let cachedKeys: SigningKeys | undefined;

/** RSA key generation costs ~100 ms; one pair per process is plenty for a sandbox. */
function signingKeys(): SigningKeys {
  cachedKeys ??= generateSigningKeys();
  return cachedKeys;
}

function withRevision(
  docType: FisDocType,
  document: Record<string, unknown>,
  revision: number,
): Record<string, unknown> {
  const copy = structuredClone(document);
  const header = copy[docType === 'invoice' ? 'requestHeader' : 'report'];
  if (header && typeof header === 'object' && !Array.isArray(header))
    (header as Record<string, unknown>).revisionNumber = revision;
  return copy;
}

export function createConcurCore(args: {
  company: DemoCompany;
  clock: SimClock;
  seed?: number;
  options?: ConcurOptionsInput;
}): ConcurSimulatorCore {
  const { company, clock } = args;
  const seed = args.seed ?? company.seed;
  const options = concurOptionsSchema.parse(args.options ?? {});
  const random = seededRandom(seed * 31 + 7);
  const companyUuid = uuid(random);
  const state: ConcurState = {
    options,
    credentials: { clientId: uuid(random), clientSecret: uuid(random), companyUuid, requestToken: '' },
    documents: [],
    documentsById: new Map(),
    confirmations: [],
    vendors: [],
    lists: [],
    listItems: [],
    accessTokens: new Map(),
    refreshTokens: new Map(),
    requestTokens: new Map(),
    eventsSent: [],
    random,
    companyId: companyUuid.replace(/-/g, '').toUpperCase(),
    // One Concur entity per QAD entity (the FIS `entityId`, also the ESS `subtopic`).
    entityIds: Object.fromEntries(
      company.entities.map((e) => [e.code, `p${alnum(random, 11).toLowerCase()}`]),
    ),
  };
  const factory = new DocumentFactory(company, { seed, amountsAs: options.amountsAs });
  const keys = signingKeys();

  const core: ConcurSimulatorCore = {
    state,
    clock,
    signingPublicKeyPem: keys.publicKeyPem,
    apiUrl: '',
    generateDocuments: (count, docType) => core.addDocuments(factory.next(count, docType ?? 'mixed')),
    addDocuments(documents) {
      const added = documents.map((g): FisDocument => {
        const revisionNumber =
          Number(
            (
              g.document[g.docType === 'invoice' ? 'requestHeader' : 'report'] as
                { revisionNumber?: unknown } | undefined
            )?.revisionNumber ?? 1,
          ) || 1;
        return {
          id: g.id || hex(state.random, 32).toUpperCase(),
          docType: g.docType,
          businessId: g.businessId,
          entityCode: g.entityCode,
          revisionNumber,
          docStatus: 'READY',
          erpSystemId: null,
          document: g.document,
          createdAt: clock.now(),
          scenario: g.scenario,
          history: [{ at: clock.now(), status: 'READY', by: 'approval' }],
          paymentRefs: [],
          failNext: 0,
        };
      });
      for (const doc of added) {
        state.documents.push(doc);
        state.documentsById.set(doc.id, doc);
      }
      announce(added);
      return added;
    },
    setStatus: (doc, status, by) => setStatus(clock, doc, status, by),
    resubmit(doc, document) {
      // After "Financial Posting Failed" (or a recall), the employee fixes the report and it comes back
      // through the READY queue; the simulator models that as a new FIS id with revisionNumber + 1 (guess).
      if (doc.supersededBy)
        return { ok: false, message: `document ${doc.id} was already resubmitted as ${doc.supersededBy}` };
      if (!['POSTING_CONFIRMED_FAILURE', 'RECALLED'].includes(doc.docStatus)) {
        return {
          ok: false,
          message: `only a failed or recalled document can be resubmitted (status ${doc.docStatus})`,
        };
      }
      const revision = doc.revisionNumber + 1;
      const next: FisDocument = {
        id: hex(state.random, 32).toUpperCase(),
        docType: doc.docType,
        businessId: doc.businessId,
        entityCode: doc.entityCode,
        revisionNumber: revision,
        docStatus: 'READY',
        erpSystemId: null,
        document: withRevision(doc.docType, document ?? doc.document, revision),
        createdAt: clock.now(),
        scenario: `${doc.scenario} (revision ${revision})`,
        history: [{ at: clock.now(), status: 'READY', by: 'resubmission' }],
        paymentRefs: [],
        failNext: 0,
      };
      doc.supersededBy = next.id;
      state.documents.push(next);
      state.documentsById.set(next.id, next);
      announce([next]);
      return { ok: true, document: next };
    },
    issueRequestToken: () => issueRequestToken(state, clock),
    deliverEvent: (url, deliverOptions) =>
      deliverEvent({ state, clock, keys, apiUrl: core.apiUrl, url, options: deliverOptions ?? {} }),
  };

  function announce(documents: readonly FisDocument[]): void {
    const url = state.options.webhookUrl;
    if (!url || !core.apiUrl) return;
    for (const doc of documents) {
      // Fire and forget, like ESS: failures show up in state.eventsSent.
      core.deliverEvent(url, { documentId: doc.id }).catch(() => undefined);
    }
  }

  core.issueRequestToken();
  seedVendors(state, company);
  seedLists(state, company);
  return core;
}
