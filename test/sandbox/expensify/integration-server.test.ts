// Contract tests of the Expensify Integration Server simulator, with plain form posts (research sheet
// sections 1-9 and 13): envelopes, credentials, validation, export/download with our template, filters,
// marking as exported, policies, employees, expenses, report status, malformed requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExpensifySimulator } from '../../../electron/sandbox/expensify/index.ts';
import { exportAndDownload, exportJob, job, postForm, start } from './helpers.ts';

let sim: ExpensifySimulator;

beforeAll(async () => {
  sim = await start();
});
afterAll(async () => {
  await sim.close();
});

describe('credentials and envelopes', () => {
  it('answers missing credentials with 403 "No authentication method specified" under HTTP 200', async () => {
    const answer = await postForm(sim.url, {
      requestJobDescription: JSON.stringify({ type: 'get', inputSettings: { type: 'policyList' } }),
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ responseMessage: 'No authentication method specified', responseCode: 403 });
  });

  it('answers a wrong secret with 404 "Authentication error" under HTTP 200', async () => {
    const answer = await job(sim, {
      type: 'get',
      credentials: { partnerUserID: sim.credentials.partnerUserID, partnerUserSecret: 'wrong' },
      inputSettings: { type: 'policyList' },
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ responseMessage: 'Authentication error', responseCode: 404 });
  });

  it('can answer auth failures the legacy way (401) and mirror codes as HTTP status', async () => {
    const legacy = await start({ options: { authErrors: 'legacy-401', errorHttpStatus: 'match-code' } });
    try {
      const answer = await postForm(legacy.url, {
        requestJobDescription: JSON.stringify({
          type: 'get',
          credentials: { partnerUserID: 'x', partnerUserSecret: 'y' },
        }),
      });
      expect(answer.status).toBe(401);
      expect(answer.json).toMatchObject({ responseCode: 401, responseMessage: 'Authentication error' });
    } finally {
      await legacy.close();
    }
  });

  it('reads requestJobDescription from the query string as the Postman guide does', async () => {
    const description = JSON.stringify({
      type: 'get',
      credentials: sim.credentials,
      inputSettings: { type: 'policyList' },
    });
    const answer = await postForm(sim.url, {}, `?requestJobDescription=${encodeURIComponent(description)}`);
    expect(answer.json).toMatchObject({ responseCode: 200 });
  });

  it('answers an unknown job type with 410 "Argument \'type\' is missing or malformed"', async () => {
    const answer = await job(sim, { type: 'frobnicate' });
    expect(answer.json).toEqual({
      responseMessage: "Argument 'type' is missing or malformed",
      responseCode: 410,
    });
  });
});

describe('malformed requests never crash the simulator', () => {
  it('answers a missing requestJobDescription with the servlet error page', async () => {
    const answer = await postForm(sim.url, { template: 'x' });
    expect(answer.status).toBe(500);
    expect(answer.contentType).toContain('text/html');
    expect(answer.text).toContain('HTTP Status 500 - requestJobDescription');
  });

  it('answers a requestJobDescription that is not JSON with the servlet error page', async () => {
    const answer = await postForm(sim.url, { requestJobDescription: '{"type": "file", credentials' });
    expect(answer.status).toBe(500);
    expect(answer.text).toContain('requestJobDescription');
  });

  it('answers JSON that is not an object, and can answer malformed requests as an envelope instead', async () => {
    expect((await postForm(sim.url, { requestJobDescription: '[1,2]' })).status).toBe(500);
    const enveloped = await start({ options: { malformedRequest: 'envelope' } });
    try {
      const answer = await postForm(enveloped.url, { requestJobDescription: 'not json' });
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({ responseCode: 500 });
    } finally {
      await enveloped.close();
    }
  });

  it('answers jobs with missing or wrongly typed fields with 410 naming the field, and keeps serving', async () => {
    const noSettings = await job(sim, { type: 'file' });
    expect(noSettings.json).toMatchObject({ responseCode: 410 });
    expect(String(noSettings.json?.responseMessage)).toContain("'inputSettings'");
    const badDate = await exportJob(sim, { filters: { startDate: '16-01-01' } });
    expect(badDate.json).toEqual({
      responseMessage: "Malformed date '16-01-01'. Expected format is yyyy-MM-dd",
      responseCode: 410,
    });
    const wrongType = await job(sim, { type: 'get', inputSettings: { type: 'policy', policyIDList: 'ABC' } });
    expect(wrongType.json).toMatchObject({ responseCode: 410 });
    const after = await job(sim, { type: 'get', inputSettings: { type: 'policyList' } });
    expect(after.json).toMatchObject({ responseCode: 200 });
  });

  it('refuses GET with 405', async () => {
    const response = await fetch(sim.url);
    expect(response.status).toBe(405);
  });
});

describe('report export and download', () => {
  it('answers the bare file name as text/plain and serves the rendered file', async () => {
    const exported = await exportJob(
      sim,
      { reportState: 'APPROVED', filters: { startDate: '2026-01-01' } },
      { test: 'true' },
    );
    expect(exported.status).toBe(200);
    expect(exported.contentType).toMatch(/^text\/plain/);
    expect(exported.text).toMatch(/^export[a-f0-9-]+\.json$/);
    const downloaded = await job(sim, {
      type: 'download',
      fileName: exported.text,
      fileSystem: 'integrationServer',
    });
    const parsed = JSON.parse(downloaded.text) as { reports: { status: string }[] };
    expect(parsed.reports.length).toBeGreaterThan(0);
    expect(parsed.reports.every((r) => r.status === 'Approved')).toBe(true);
  });

  it('uses fileBasename and answers an unknown file with {"responseMessage":"File not found"}', async () => {
    const exported = await exportJob(
      sim,
      { filters: { startDate: '2026-01-01' } },
      { test: true, outputSettings: { fileExtension: 'csv', fileBasename: 'qad' } },
      'x',
    );
    expect(exported.text).toMatch(/^qad.+\.csv$/);
    const missing = await job(sim, { type: 'download', fileName: 'export-nope.json' });
    expect(missing.json).toEqual({ responseMessage: 'File not found' });
  });

  it('requires startDate unless reportIDList or approvedAfter is given, and requires the template', async () => {
    const noStart = await exportJob(sim, { filters: {} });
    expect(noStart.json).toEqual({
      responseMessage: "Required parameter 'startDate' is missing",
      responseCode: 410,
    });
    const approvedAfter = await exportJob(
      sim,
      { filters: { approvedAfter: '2026-01-01' } },
      { test: 'true' },
    );
    expect(approvedAfter.json).toBeUndefined();
    const noTemplate = await job(sim, {
      type: 'file',
      onReceive: { immediateResponse: ['returnRandomFileName'] },
      inputSettings: { type: 'combinedReportData', filters: { startDate: '2026-01-01' } },
      outputSettings: { fileExtension: 'json' },
    });
    expect(noTemplate.json).toMatchObject({
      responseCode: 410,
      responseMessage: "Required parameter 'template' is missing",
    });
  });

  it('rejects a template it cannot render with the FreeMarker error, never a different file', async () => {
    const answer = await exportJob(
      sim,
      { filters: { startDate: '2026-01-01' } },
      { test: 'true' },
      '${reports[0].nope}',
    );
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ responseCode: 500 });
    expect(String(answer.json?.responseMessage)).toContain('null or missing');
    const unsupported = await exportJob(
      sim,
      { filters: { startDate: '2026-01-01' } },
      { test: 'true' },
      '<@macro/>',
    );
    expect(unsupported.json).toMatchObject({ responseCode: 500 });
  });

  it('filters by reportState, policyIDList, reportIDList, approvedAfter and limit', async () => {
    const all = sim.state.reports;
    const usPolicy = sim.policyIds[0] ?? '';
    const byState = await exportAndDownload(
      sim,
      { reportState: 'APPROVED,REIMBURSED', filters: { startDate: '2020-01-01' } },
      { test: 'true' },
    );
    expect(byState.reports.length).toBe(
      all.filter((r) => r.status === 'APPROVED' || r.status === 'REIMBURSED').length,
    );
    expect(byState.reports.some((r) => r.status === 'Open' || r.status === 'Processing')).toBe(false);

    const byPolicy = await exportAndDownload(
      sim,
      { filters: { startDate: '2020-01-01', policyIDList: usPolicy } },
      { test: 'true' },
    );
    expect(byPolicy.reports.length).toBe(all.filter((r) => r.policyID === usPolicy).length);
    expect(new Set(byPolicy.reports.map((r) => r.policyID))).toEqual(new Set([usPolicy]));

    const ids = all.slice(0, 3).map((r) => r.reportID);
    const byIds = await exportAndDownload(
      sim,
      { filters: { reportIDList: ids.join(',') } },
      { test: 'true' },
    );
    expect(byIds.reports.map((r) => r.reportID).sort()).toEqual([...ids].sort());

    const approvedDays = all.flatMap((r) => (r.approved ? [r.approved.slice(0, 10)] : [])).sort();
    const cut = approvedDays[Math.floor(approvedDays.length / 2)] ?? '2026-01-01';
    const byApproval = await exportAndDownload(sim, { filters: { approvedAfter: cut } }, { test: 'true' });
    const expected = all.filter((r) => r.approved && r.approved.slice(0, 10) > cut).map((r) => r.reportID);
    expect(byApproval.reports.map((r) => r.reportID).sort()).toEqual(expected.sort());

    const limited = await exportAndDownload(
      sim,
      { limit: '2', filters: { startDate: '2020-01-01' } },
      { test: 'true' },
    );
    expect(limited.reports).toHaveLength(2);
  });
});

describe('marking reports as exported', () => {
  it('marks only through onFinish, skips marked reports with markedAsExported, and not in test mode', async () => {
    const own = await start({ options: { seed: 11 } });
    try {
      const filters = { startDate: '2020-01-01', markedAsExported: 'QAD' };
      const settings = { reportState: 'APPROVED,REIMBURSED', filters };
      const plain = await exportAndDownload(own, settings);
      expect(plain.reports.length).toBeGreaterThan(0);
      expect(own.state.reports.every((r) => !r.exportedLabels.some((l) => l.label === 'QAD'))).toBe(true);

      const finish = { onFinish: [{ actionName: 'markAsExported', label: 'QAD' }] };
      await exportAndDownload(own, settings, { ...finish, test: 'true' });
      expect(own.state.reports.every((r) => !r.exportedLabels.some((l) => l.label === 'QAD'))).toBe(true);

      const first = await exportAndDownload(own, settings, finish);
      expect(first.reports.map((r) => r.reportID).sort()).toEqual(
        plain.reports.map((r) => r.reportID).sort(),
      );
      const marked = own.state.reports.filter((r) => r.exportedLabels.some((l) => l.label === 'QAD'));
      expect(marked.map((r) => r.reportID).sort()).toEqual(first.reports.map((r) => r.reportID).sort());

      const second = await exportAndDownload(own, settings, finish);
      expect(second.reports).toHaveLength(0);

      // Another integration's label does not hide reports from ours.
      const other = await exportAndDownload(own, {
        ...settings,
        filters: { ...filters, markedAsExported: 'OTHER' },
      });
      expect(other.reports.length).toBe(first.reports.length);
    } finally {
      await own.close();
    }
  });

  it('marks a chosen set through an explicit reportIDList job, accepting onFinish as a single object', async () => {
    const own = await start({ options: { seed: 12 } });
    try {
      const target = own.state.reports.find((r) => r.status === 'APPROVED');
      expect(target).toBeDefined();
      const answer = await exportJob(
        own,
        { filters: { reportIDList: target?.reportID ?? '' } },
        { onFinish: { actionName: 'markAsExported', label: 'ml-connector' } },
        'x',
      );
      expect(answer.json).toBeUndefined();
      expect(
        own.state.reports
          .filter((r) => r.exportedLabels.some((l) => l.label === 'ml-connector'))
          .map((r) => r.reportID),
      ).toEqual([target?.reportID]);
    } finally {
      await own.close();
    }
  });
});

describe('policies', () => {
  it('lists policies and returns categories with GL codes and cost-center tags', async () => {
    const list = await job(sim, { type: 'get', inputSettings: { type: 'policyList' } });
    const policyList = list.json?.policyList as { id: string; name: string; outputCurrency: string }[];
    expect(policyList.map((p) => [p.name, p.outputCurrency])).toEqual([
      ['Meridian US', 'USD'],
      ['Meridian DE', 'EUR'],
    ]);
    const ids = policyList.map((p) => p.id);
    const info = await job(sim, {
      type: 'get',
      inputSettings: { type: 'policy', policyIDList: ids, fields: ['categories', 'tags', 'employees'] },
    });
    const policyInfo = info.json?.policyInfo as Record<
      string,
      { categories: { name: string; glCode?: string }[]; tags: { name: string }[]; employees: unknown[] }
    >;
    const us = policyInfo[ids[0] ?? ''];
    expect(us?.categories).toContainEqual(expect.objectContaining({ name: 'Lodging', glCode: '6110' }));
    expect(us?.tags.map((t) => t.name)).toContain('10ASSY');
    expect(us?.employees.length).toBeGreaterThan(0);
  });

  it('answers a missing policyIDList with the documented 410', async () => {
    const answer = await job(sim, { type: 'get', inputSettings: { type: 'policy' } });
    expect(answer.json).toEqual({
      responseMessage: "Required parameter 'policyIDList' is missing",
      responseCode: 410,
    });
  });

  it('merges categories, replaces tags completely even with action "merge", and 404s an unknown policy', async () => {
    const own = await start();
    try {
      const policyID = own.policyIds[0] ?? '';
      const answer = await job(own, {
        type: 'update',
        inputSettings: { type: 'policy', policyID },
        categories: { action: 'merge', data: [{ name: 'Freight', enabled: true, glCode: '6700' }] },
        tags: {
          source: 'inline',
          action: 'merge',
          data: [{ name: 'Cost Center', tags: [{ name: '10NEW', glCode: '10NEW' }] }],
        },
      });
      expect(answer.json).toEqual({ responseCode: 200 });
      const policy = own.state.policies.find((p) => p.id === policyID);
      expect(policy?.categories.map((c) => c.name)).toEqual(expect.arrayContaining(['Lodging', 'Freight']));
      expect(policy?.tags).toEqual([
        { name: 'Cost Center', tags: [{ name: '10NEW', enabled: true, glCode: '10NEW' }] },
      ]);

      const malformed = await job(own, {
        type: 'update',
        inputSettings: { type: 'policy', policyID },
        categories: { data: 'x' },
      });
      expect(malformed.json).toEqual({ responseMessage: "'categories' object malformed", responseCode: 410 });
      const unknown = await job(own, {
        type: 'update',
        inputSettings: { type: 'policy', policyID: 'NOPE' },
        categories: { data: [] },
      });
      expect(unknown.json).toMatchObject({ responseCode: 404 });
    } finally {
      await own.close();
    }
  });
});

describe('employees', () => {
  it('dry run reports the diff without applying it; a real run applies it', async () => {
    const own = await start();
    try {
      const policyID = own.policyIds[0] ?? '';
      const before = own.state.employees.length;
      const leaving = own.state.employees.find((e) => e.policyID === policyID && e.managerEmail);
      const feed = [
        {
          employeeEmail: 'new.hire@meridian-components.example',
          managerEmail: 'ana.andersen@meridian-components.example',
          employeeID: 'E9001',
          policyID,
          firstName: 'New',
          lastName: 'Hire',
        },
        {
          employeeEmail: leaving?.email,
          managerEmail: leaving?.managerEmail,
          employeeID: leaving?.employeeID,
          policyID,
          isTerminated: 'true',
        },
        { employeeEmail: 'broken@example.com', employeeID: 'E9002', policyID },
      ];
      const description = {
        type: 'update',
        dataSource: 'request',
        inputSettings: { type: 'employees', entity: 'generic' },
      };
      const dry = await job(own, { ...description, 'dry-run': true }, { data: JSON.stringify(feed) });
      expect(dry.json).toMatchObject({
        responseCode: 200,
        'dry-run': true,
        updatedEmployeesCount: 2,
        diff: {
          diffToAdd: { [policyID]: ['new.hire@meridian-components.example'] },
          diffToRemove: { [policyID]: [leaving?.email] },
        },
      });
      expect((dry.json?.skippedEmployees as { email: string }[]).map((s) => s.email)).toEqual([
        'broken@example.com',
      ]);
      expect(own.state.employees.length).toBe(before);

      const real = await job(own, description, { data: JSON.stringify({ Employees: feed }) });
      expect(real.json).toMatchObject({ responseCode: 200, 'dry-run': false, updatedEmployeesCount: 2 });
      expect(own.state.employees.some((e) => e.email === 'new.hire@meridian-components.example')).toBe(true);
      expect(own.state.employees.some((e) => e.email === leaving?.email)).toBe(false);

      const empty = await job(own, description, { data: '[]' });
      expect(empty.json).toMatchObject({ responseCode: 410 });
    } finally {
      await own.close();
    }
  });
});

describe('expenses', () => {
  it('creates expenses with externalID, and the externalID surfaces in an export', async () => {
    const own = await start();
    try {
      const report = own.state.reports.find((r) => r.status === 'APPROVED');
      const employeeEmail = report?.accountEmail ?? '';
      const answer = await job(own, {
        type: 'create',
        inputSettings: {
          type: 'expenses',
          employeeEmail,
          transactionList: [
            {
              created: '2026-11-01',
              currency: 'USD',
              merchant: 'Hotel',
              amount: 12345,
              externalID: 'QAD-INV-1',
              reportID: report?.reportID,
            },
          ],
        },
      });
      expect(answer.json).toMatchObject({
        responseCode: 200,
        transactionList: [
          {
            amount: 12345,
            merchant: 'Hotel',
            created: '2026-11-01',
            currency: 'USD',
            externalID: 'QAD-INV-1',
          },
        ],
      });
      const transactionID = (answer.json?.transactionList as { transactionID: string }[])[0]?.transactionID;
      expect(transactionID).toMatch(/^\d{16}$/);
      expect(own.state.createdExpenses).toHaveLength(1);
      const { reports } = await exportAndDownload(own, { filters: { reportIDList: report?.reportID ?? '' } });
      expect(reports[0]?.expenses).toContainEqual(
        expect.objectContaining({ transactionID, externalID: 'QAD-INV-1' }),
      );
    } finally {
      await own.close();
    }
  });

  it('answers validation errors as documented', async () => {
    const missingEmail = await job(sim, {
      type: 'create',
      inputSettings: { type: 'expenses', transactionList: [] },
    });
    expect(missingEmail.json).toEqual({
      responseMessage: "'employeeEmail' parameter is missing or malformed",
      responseCode: 410,
    });
    const employeeEmail = sim.state.employees[1]?.email ?? '';
    const badDate = await job(sim, {
      type: 'create',
      inputSettings: {
        type: 'expenses',
        employeeEmail,
        transactionList: [{ created: '16-01-01', currency: 'USD', merchant: 'x', amount: 1 }],
      },
    });
    expect(badDate.json).toEqual({
      responseMessage: "Malformed date '16-01-01'. Expected format is yyyy-MM-dd",
      responseCode: 410,
    });
    const stranger = await job(sim, {
      type: 'create',
      inputSettings: {
        type: 'expenses',
        employeeEmail: 'user@domain.com',
        transactionList: [{ created: '2026-01-01', currency: 'USD', merchant: 'x', amount: 1 }],
      },
    });
    expect(stranger.json).toEqual({
      responseMessage: 'Not authorized to authenticate as user user@domain.com',
      responseCode: 500,
    });
  });
});

describe('report status', () => {
  it('moves APPROVED to REIMBURSED, skips others with a reason under 200, refuses other statuses', async () => {
    const own = await start();
    try {
      const approved = own.state.reports.find((r) => r.status === 'APPROVED');
      const open = own.state.reports.find((r) => r.status === 'OPEN');
      const ids = [approved?.reportID, open?.reportID].join(',');
      const answer = await job(own, {
        type: 'update',
        inputSettings: { type: 'reportStatus', status: 'REIMBURSED', filters: { reportIDList: ids } },
      });
      expect(answer.json).toEqual({
        responseCode: 200,
        reportIDs: [approved?.reportID],
        skippedReports: [{ reportID: open?.reportID, reason: "Report is in status 'Open'" }],
      });
      expect(approved?.status).toBe('REIMBURSED');
      const refused = await job(own, {
        type: 'update',
        inputSettings: { type: 'reportStatus', status: 'APPROVED', filters: { reportIDList: ids } },
      });
      expect(refused.json).toEqual({
        responseMessage: "Status 'APPROVED' is not supported",
        responseCode: 410,
      });
    } finally {
      await own.close();
    }
  });
});

describe('admin routes', () => {
  it('adds reports, inspects their labels and moves their status', async () => {
    const own = await start({ reports: [] });
    try {
      const policyID = own.policyIds[1] ?? '';
      const added = await fetch(`${own.baseUrl}/__sandbox/expensify/reports`, {
        method: 'POST',
        body: JSON.stringify({
          reportID: 'R00X9oNOn2MO',
          policyID,
          accountEmail: 'chloe.okafor@meridian-components.example',
          status: 'SUBMITTED',
          created: '2026-11-10 09:00:00',
          currency: 'EUR',
          expenses: [
            {
              created: '2026-11-09',
              merchant: 'DB',
              amount: 8900,
              currency: 'EUR',
              category: 'Taxi',
              tag: '20ASSY',
            },
          ],
        }),
      });
      expect(added.status).toBe(201);
      const moved = await fetch(`${own.baseUrl}/__sandbox/expensify/reports/R00X9oNOn2MO/status`, {
        method: 'POST',
        body: JSON.stringify({ status: 'APPROVED' }),
      });
      expect(moved.status).toBe(200);
      await exportAndDownload(
        own,
        { filters: { startDate: '2026-01-01' } },
        { onFinish: [{ actionName: 'markAsExported', label: 'QAD' }] },
      );
      const listed = (await (await fetch(`${own.baseUrl}/__sandbox/expensify/reports`)).json()) as {
        reports: { reportID: string; status: string; exportedLabels: { label: string }[] }[];
      };
      expect(listed.reports).toEqual([
        expect.objectContaining({
          reportID: 'R00X9oNOn2MO',
          status: 'APPROVED',
          exportedLabels: [expect.objectContaining({ label: 'QAD' })],
        }),
      ]);
      const bad = await fetch(`${own.baseUrl}/__sandbox/expensify/reports`, {
        method: 'POST',
        body: JSON.stringify({ policyID }),
      });
      expect(bad.status).toBe(400);
    } finally {
      await own.close();
    }
  });
});
