// Long-running commands (run, serve) end cleanly on Ctrl+C or a service manager's SIGTERM.
export function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    // Signal listeners do not keep Node alive: with no flow scheduled yet (nothing set up) `run` would end at once
    // with an unsettled top-level await. The timer holds the process until a signal comes.
    const keepAlive = setInterval(() => undefined, 1 << 30);
    const done = (signal: NodeJS.Signals) => {
      clearInterval(keepAlive);
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve(signal);
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}
