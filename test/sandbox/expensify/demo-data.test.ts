// The demo data: deterministic from a seed, codes that agree with the demo company's QAD master data, every
// report state, credits, several currencies and deliberate mapping gaps; a benchmark size on request.
import { describe, expect, it } from 'vitest';
import { generateExpensifyDemo } from '../../../electron/sandbox/expensify/index.ts';
import { company } from './helpers.ts';

const options = { seed: 7, reportCount: 30, creditSign: 'negative', preExportedLabel: 'NETSUITE' } as const;

describe('Expensify demo data', () => {
  it('is the same for the same seed and differs for another seed', () => {
    expect(generateExpensifyDemo(company, options)).toEqual(generateExpensifyDemo(company, options));
    const other = generateExpensifyDemo(company, { ...options, seed: 8 });
    expect(other.reports.map((r) => r.reportID)).not.toEqual(
      generateExpensifyDemo(company, options).reports.map((r) => r.reportID),
    );
  });

  it('has one policy per QAD entity with categories carrying QAD GL accounts and cost centers as tags', () => {
    const { policies } = generateExpensifyDemo(company, options);
    expect(policies.map((p) => [p.name, p.outputCurrency, p.entity])).toEqual([
      ['Meridian US', 'USD', '10USA'],
      ['Meridian DE', 'EUR', '20DEU'],
    ]);
    const accounts = new Set(company.accounts.map((a) => a.code));
    for (const policy of policies) {
      const mapped = policy.categories.filter((c) => c.glCode);
      expect(mapped.length).toBe(company.expenseCategories.length);
      expect(mapped.every((c) => accounts.has(c.glCode ?? ''))).toBe(true);
      const centers = company.costCenters.filter((c) => c.entity === policy.entity).map((c) => c.code);
      expect(policy.tags[0]?.tags.map((t) => t.name)).toEqual(centers);
    }
  });

  it('has every state, credits, several currencies, and lines that do not map to QAD yet', () => {
    const { reports, policies, employees } = generateExpensifyDemo(company, options);
    expect(reports).toHaveLength(30);
    expect(new Set(reports.map((r) => r.status))).toEqual(
      new Set(['OPEN', 'SUBMITTED', 'APPROVED', 'REIMBURSED', 'ARCHIVED']),
    );
    const lines = reports.flatMap((r) => r.expenses);
    expect(lines.some((e) => e.amount < 0)).toBe(true);
    expect(new Set(lines.map((e) => e.currency)).size).toBeGreaterThanOrEqual(3);
    expect(
      lines
        .filter((e) => e.currency !== reports.find((r) => r.expenses.includes(e))?.currency)
        .every((e) => e.convertedAmount !== undefined),
    ).toBe(true);
    const glByCategory = new Map(policies[0]?.categories.map((c) => [c.name, c.glCode]));
    expect(lines.some((e) => glByCategory.get(e.category ?? '') === undefined)).toBe(true);
    const centers = new Set(company.costCenters.filter((c) => c.active).map((c) => c.code));
    expect(lines.some((e) => !centers.has(e.tag ?? ''))).toBe(true);
    expect(lines.every((e) => Number.isSafeInteger(e.amount))).toBe(true);
    expect(
      reports.every(
        (r) => policies.some((p) => p.id === r.policyID) && employees.some((e) => e.email === r.accountEmail),
      ),
    ).toBe(true);
    expect(reports.every((r) => r.submitted === undefined || r.created < r.submitted)).toBe(true);
  });

  it('scales to a benchmark of thousands of reports', () => {
    const { reports } = generateExpensifyDemo(company, { ...options, reportCount: 3000 });
    expect(reports).toHaveLength(3000);
    expect(new Set(reports.map((r) => r.reportID)).size).toBe(3000);
  });

  it('gives the same reports through the simulator for the same seed', async () => {
    const { start } = await import('./helpers.ts');
    const a = await start({ options: { seed: 5 } });
    const b = await start({ options: { seed: 5 } });
    try {
      expect(a.state.reports).toEqual(b.state.reports);
      expect(a.credentials).toEqual(b.credentials);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
