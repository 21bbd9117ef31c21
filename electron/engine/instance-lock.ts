// Exactly one engine may run the flows on a data folder at a time (ARCHITECTURE.md, "Beyond one workstation":
// one instance holds the scheduler lease). Writes are exactly-once anyway, but two schedulers double the calls to
// QAD and Concur and race on confirmations.
//
// Why an OS lock and not a pid file: the lock is SQLite's own file lock (fcntl on POSIX, LockFileEx on Windows)
// on a small side database, held by one connection in exclusive locking mode. The kernel drops it when the
// process dies in any way (crash, SIGKILL, power-off of a child), so there is never a stale lock to detect, no
// pid-reuse guess and no takeover race: acquiring is one atomic try-lock. SQLite also tracks its locks per file
// across connections of one process, so a second engine in the same process is refused too.
//
// Who holds it is written beside the lock (`engine.lock.json`, replaced atomically by rename) after the lock is
// taken, only to name the holder in the refusal. The file may be left behind by a dead holder; it is only read
// when the lock is really held, and the new holder overwrites it first thing.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';

export const LOCK_FILE = 'engine.lock';
export const HOLDER_FILE = 'engine.lock.json';

const holderSchema = z.object({
  pid: z.number().int(),
  host: z.string(),
  startedAt: z.string(),
});

export type LockHolder = z.infer<typeof holderSchema>;

/** Another live engine runs the flows on this data folder. */
export class EngineLockedError extends Error {
  readonly dataDir: string;
  readonly holder: LockHolder | undefined;

  constructor(dataDir: string, holder: LockHolder | undefined) {
    super(refusalMessage(dataDir, holder));
    this.name = 'EngineLockedError';
    this.dataDir = dataDir;
    this.holder = holder;
  }
}

export interface InstanceLock {
  readonly dataDir: string;
  readonly holder: LockHolder;
  release(): void;
}

/**
 * Takes the data folder's engine lock without waiting, or throws EngineLockedError naming the holder.
 * The lock is held until release() or the end of the process.
 */
export function acquireInstanceLock(dataDir: string): InstanceLock {
  const db = new Database(join(dataDir, LOCK_FILE), { timeout: 0 });
  try {
    // Exclusive locking mode keeps the lock after the transaction ends, until the connection closes.
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (error) {
    db.close();
    if (isBusy(error)) throw new EngineLockedError(dataDir, readHolder(dataDir));
    throw error;
  }
  const holder: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  writeHolder(dataDir, holder);
  let released = false;
  return {
    dataDir,
    holder,
    release() {
      if (released) return;
      released = true;
      db.close();
    },
  };
}

/** Who holds the lock, as the holder wrote it (undefined when unknown). */
export function readHolder(dataDir: string): LockHolder | undefined {
  try {
    const parsed = holderSchema.safeParse(JSON.parse(readFileSync(join(dataDir, HOLDER_FILE), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function writeHolder(dataDir: string, holder: LockHolder): void {
  const path = join(dataDir, HOLDER_FILE);
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(holder)}\n`);
  renameSync(temp, path);
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

function refusalMessage(dataDir: string, holder: LockHolder | undefined): string {
  const who = holder
    ? `another ml-connector (pid ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`}, started ${formatStarted(holder.startedAt)})`
    : 'another ml-connector';
  return `${who} is running the flows on ${dataDir}; stop it or use another data folder`;
}

function formatStarted(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}`;
  return at.toDateString() === new Date().toDateString()
    ? time
    : `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${time}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
