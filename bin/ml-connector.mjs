#!/usr/bin/env node
// Launcher for the headless CLI. The engine is TypeScript that Node runs directly (type stripping, Node >= 22.18
// or 24); an older Node gets a clear message instead of a stack trace.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `ml-connector needs Node.js 22.18 or newer (24 recommended, see .nvmrc); this is ${process.versions.node}.\n`,
  );
  process.exit(2);
}
const { main } = await import('../electron/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
