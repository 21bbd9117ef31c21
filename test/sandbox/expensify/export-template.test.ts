// Our export template (electron/connectors/expensify/template.ftl) renders strict JSON for awkward reports:
// quotes, backslashes, control characters, non-ASCII text, empty tags, credits, several currencies, missing
// values. Checked with the sandbox renderer here (the oracle test proves it renders as FreeMarker does).
import { describe, expect, it } from 'vitest';
import { renderTemplate } from '../../../electron/sandbox/expensify/freemarker/index.ts';
import { awkwardReports } from './oracle/corpus.ts';
import { exportAndDownload, exportTemplate, start } from './helpers.ts';

interface Rendered {
  reports: {
    reportID: string;
    reportName: string;
    submitterEmail: string;
    total: number | null;
    currency: string;
    expenses: {
      transactionID: string;
      merchant: string;
      amount: number | null;
      convertedAmount: number | null;
      currency: string;
      tag: string;
      comment: string;
      reimbursable: boolean;
      billable: boolean;
      categoryGlCode: string;
    }[];
  }[];
}

describe('export template', () => {
  it('renders awkward reports as JSON that parses back to the same values', () => {
    for (const numberFormat of ['computer', 'number'] as const) {
      const output = renderTemplate(
        exportTemplate,
        { reports: awkwardReports, addHeader: true },
        { numberFormat },
      );
      const parsed = JSON.parse(output) as Rendered;
      const [first, second] = parsed.reports;
      expect(first?.reportName).toBe(awkwardReports[0]?.reportName);
      expect(first?.submitterEmail).toBe("sean.o'brien@meridian-components.example");
      expect(first?.total).toBe(123456789);
      expect(first?.expenses.map((e) => e.merchant)).toEqual(
        awkwardReports[0]?.transactionList.map((e) => e.merchant),
      );
      expect(first?.expenses[0]?.comment).toBe(awkwardReports[0]?.transactionList[0]?.comment);
      expect(first?.expenses.map((e) => [e.amount, e.currency])).toEqual([
        [4250, 'EUR'],
        [-19900, 'EUR'],
        [18000, 'JPY'],
      ]);
      expect(first?.expenses.map((e) => e.convertedAmount)).toEqual([null, -19000, 11234]);
      expect(first?.expenses.map((e) => e.tag)).toEqual(['', '20ASSY', 'Unknown:Sub']);
      expect(first?.expenses.map((e) => [e.reimbursable, e.billable])).toEqual([
        [true, false],
        [false, true],
        [false, false],
      ]);
      expect(second).toMatchObject({ reportID: '3397451', reportName: '', total: 0, expenses: [] });
    }
  });

  it('renders an empty export as an empty report list', () => {
    expect(JSON.parse(renderTemplate(exportTemplate, { reports: [] }))).toEqual({ reports: [] });
  });

  it('round-trips the whole demo through the simulator as valid JSON', async () => {
    const sim = await start({ reports: 120 });
    try {
      const { reports } = await exportAndDownload(
        sim,
        { filters: { startDate: '2020-01-01' } },
        { test: 'true' },
      );
      expect(reports).toHaveLength(120);
      const currencies = new Set(reports.flatMap((r) => r.expenses.map((e) => e.currency)));
      expect(currencies.size).toBeGreaterThanOrEqual(3);
      expect(reports.some((r) => r.expenses.some((e) => e.amount < 0))).toBe(true);
      for (const report of reports) {
        const source = sim.state.reports.find((r) => r.reportID === report.reportID);
        expect(report.expenses.map((e) => e.amount)).toEqual(source?.expenses.map((e) => e.amount));
      }
    } finally {
      await sim.close();
    }
  });
});
