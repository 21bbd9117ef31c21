// The slice of a logger the IPC and web layers need. pino's logger satisfies it as is.
export interface LogSink {
  info(detail: object, message: string): void;
  warn(detail: object, message: string): void;
  error(detail: object, message: string): void;
}

/** Writes to stderr: used when the host passes no logger (tests, scripts). */
export const stderrLog: LogSink = {
  info: () => {},
  warn: (detail, message) => console.warn(`[mlc] ${message}`, detail),
  error: (detail, message) => console.error(`[mlc] ${message}`, detail),
};

export const silentLog: LogSink = { info: () => {}, warn: () => {}, error: () => {} };
