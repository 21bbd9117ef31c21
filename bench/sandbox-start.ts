// `npm run bench:sandbox`: how long the sandbox takes to start (target: under 2 s for the demo), and how long
// with a benchmark-sized company. Prints figures; asserts nothing.
import { startSandbox } from '../electron/sandbox/index.ts';

async function measure(label: string, options: Parameters<typeof startSandbox>[0]): Promise<void> {
  const started = process.hrtime.bigint();
  const sandbox = await startSandbox(options);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(
    `${label.padEnd(34)} ${ms.toFixed(0).padStart(6)} ms  (${sandbox.concur.state.documents.length} Concur documents, ` +
      `${sandbox.expensify.state.reports.length} Expensify reports, ${sandbox.company.purchaseOrders.length} POs)`,
  );
  await sandbox.close();
}

console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
await measure('demo company (default)', {});
await measure('demo company, second start', {});
await measure('benchmark company, 10,000 documents', {
  size: 'bench',
  concurDocuments: 10_000,
  expensifyReports: 2_000,
});
