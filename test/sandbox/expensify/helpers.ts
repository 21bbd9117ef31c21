// Plain HTTP form posts against the simulator, the way any client (curl -d, axios) talks to the Integration Server.
import { readFileSync } from 'node:fs';
import { generateDemoCompany } from '../../../electron/sandbox/demo/company.ts';
import {
  startExpensifySimulator,
  type ExpensifySimulator,
  type StartExpensifySimulatorInput,
} from '../../../electron/sandbox/expensify/index.ts';

export const exportTemplate = readFileSync(
  new URL('../../../electron/connectors/expensify/template.ftl', import.meta.url),
  'utf8',
);

export const company = generateDemoCompany({ seed: 42, asOf: '2026-11-20' });

export interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly retryAfter: string | null;
  readonly text: string;
  readonly json: Record<string, unknown> | undefined;
}

export async function start(
  input: Partial<StartExpensifySimulatorInput> & { options?: StartExpensifySimulatorInput['options'] } = {},
): Promise<ExpensifySimulator> {
  return startExpensifySimulator({
    company,
    ...input,
    options: { rateLimit: { enabled: false }, ...input.options },
  });
}

export async function postForm(url: string, fields: Record<string, string>, query = ''): Promise<Answer> {
  const response = await fetch(`${url}${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  const text = await response.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    retryAfter: response.headers.get('retry-after'),
    text,
    json,
  };
}

/** Posts a job with the simulator's credentials (unless the job brings its own). */
export function job(
  sim: ExpensifySimulator,
  description: Record<string, unknown>,
  extra: Record<string, string> = {},
) {
  return postForm(sim.url, {
    requestJobDescription: JSON.stringify({ credentials: sim.credentials, ...description }),
    ...extra,
  });
}

export function exportJob(
  sim: ExpensifySimulator,
  inputSettings: Record<string, unknown>,
  more: Record<string, unknown> = {},
  template = exportTemplate,
) {
  return job(
    sim,
    {
      type: 'file',
      onReceive: { immediateResponse: ['returnRandomFileName'] },
      inputSettings: { type: 'combinedReportData', ...inputSettings },
      outputSettings: { fileExtension: 'json' },
      ...more,
    },
    { template },
  );
}

export interface ExportedReport {
  reportID: string;
  status: string;
  policyID: string;
  total: number;
  currency: string;
  expenses: {
    transactionID: string;
    amount: number;
    currency: string;
    category: string;
    tag: string;
    externalID: string;
  }[];
}

/** Export then download: the client's round trip. */
export async function exportAndDownload(
  sim: ExpensifySimulator,
  inputSettings: Record<string, unknown>,
  more: Record<string, unknown> = {},
): Promise<{ fileName: string; reports: ExportedReport[] }> {
  const exported = await exportJob(sim, inputSettings, more);
  if (exported.json !== undefined) throw new Error(`export failed: ${exported.text}`);
  const downloaded = await job(sim, {
    type: 'download',
    fileName: exported.text,
    fileSystem: 'integrationServer',
  });
  const parsed = JSON.parse(downloaded.text) as { reports: ExportedReport[] };
  return { fileName: exported.text, reports: parsed.reports };
}
