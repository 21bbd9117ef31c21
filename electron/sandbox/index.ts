// The sandbox: every simulator started together on 127.0.0.1, seeded with one demo company, and the settings
// and credentials an engine needs to work against them. It is the embedded default of `npm start` and
// `ml-connector demo`, what `ml-connector sandbox` runs for IT to try the CLI, and the ground tests stand on.
import type { SettingsInput } from '../../shared/settings.ts';
import type { SecretName } from '../../shared/settings.ts';
import { SimClock } from './clock.ts';
import { startConcurSimulator, type ConcurSimulator } from './concur/index.ts';
import { generateDemoCompany, type DemoCompany, type DemoOptions } from './demo/company.ts';
import { startExpensifySimulator, type ExpensifySimulator } from './expensify/index.ts';
import { startQadSimulators, type QadSimulators } from './qad/index.ts';

export interface SandboxOptions {
  readonly seed?: number;
  readonly size?: DemoOptions['size'];
  readonly asOf?: string;
  /** How many Concur documents and Expensify reports to generate (defaults: a lively demo). */
  readonly concurDocuments?: number;
  readonly expensifyReports?: number;
  /** Which QAD interface the generated settings use. */
  readonly qadMode?: 'rest' | 'qxtend';
}

export interface SandboxSystem {
  readonly name: string;
  readonly url: string;
}

export interface Sandbox {
  readonly company: DemoCompany;
  readonly clock: SimClock;
  readonly qad: QadSimulators;
  readonly concur: ConcurSimulator;
  readonly expensify: ExpensifySimulator;
  readonly systems: readonly SandboxSystem[];
  /** Settings that point an engine at these simulators. */
  readonly settings: SettingsInput;
  /** The credentials to store in the engine's secret store (sandbox values, not real secrets). */
  readonly secrets: Readonly<Partial<Record<SecretName, string>>>;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const company = generateDemoCompany({
    seed: options.seed ?? 42,
    ...(options.size ? { size: options.size } : {}),
    ...(options.asOf ? { asOf: options.asOf } : {}),
  });
  const clock = new SimClock();
  const started: { close(): Promise<void> }[] = [];
  try {
    const qad = await startQadSimulators({ company, clock });
    started.push(qad);
    const concur = await startConcurSimulator({
      company,
      clock,
      ...(options.concurDocuments !== undefined ? { documents: options.concurDocuments } : {}),
    });
    started.push(concur);
    const expensify = await startExpensifySimulator({
      company,
      clock,
      ...(options.expensifyReports !== undefined ? { reports: options.expensifyReports } : {}),
    });
    started.push(expensify);
    const qadMode = options.qadMode ?? 'rest';
    const settings: SettingsInput = {
      qad: {
        mode: qadMode,
        domain: company.domain,
        rest: { tenantUrl: qad.rest.tenantUrl, clientId: qad.credentials.clientId },
        qxtend: { endpointUrl: qad.qxtend.endpointUrl, receiver: qad.qxtend.receiver },
      },
      concur: {
        enabled: true,
        tokenUrl: concur.tokenUrl,
        clientId: concur.credentials.clientId,
        companyUuid: concur.credentials.companyUuid,
        // The demo's Concur lists the admin picked for QAD's dimensions (by id; the name only as a check).
        lists: Object.fromEntries(
          (
            [
              ['cost_center', 'Cost Center', ['entity', 'code']],
              ['project', 'Project', ['code']],
            ] as const
          ).flatMap(([dimension, name, hierarchy]) => {
            const list = concur.state.lists.find((l) => l.value === name && !l.isDeleted);
            return list ? [[dimension, { listId: list.id, listName: name, hierarchy: [...hierarchy] }]] : [];
          }),
        ),
      },
      expensify: {
        enabled: true,
        url: expensify.url,
        policyIds: expensify.policyIds,
        // The simulator sends amounts in each currency's own minor unit (JPY without decimals).
        amountUnit: 'currency_minor',
      },
    };
    return {
      company,
      clock,
      qad,
      concur,
      expensify,
      systems: [
        { name: 'QAD cloud REST', url: qad.rest.tenantUrl },
        { name: 'QAD QXtend SOAP', url: qad.qxtend.endpointUrl },
        { name: 'SAP Concur token endpoint', url: concur.tokenUrl },
        { name: 'SAP Concur API (geolocation)', url: concur.apiUrl },
        { name: 'Expensify Integration Server', url: expensify.url },
      ],
      settings,
      secrets: {
        'qad.username': qad.credentials.username,
        'qad.password': qad.credentials.password,
        'concur.clientSecret': concur.credentials.clientSecret,
        'concur.requestToken': concur.credentials.requestToken,
        'expensify.partnerUserId': expensify.credentials.partnerUserID,
        'expensify.partnerUserSecret': expensify.credentials.partnerUserSecret,
      },
      close: async () => {
        await Promise.all(started.map((s) => s.close()));
      },
    };
  } catch (error) {
    await Promise.all(started.map((s) => s.close().catch(() => undefined)));
    throw error;
  }
}
