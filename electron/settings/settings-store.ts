// The settings port the engine reads and the UI updates. Two adapters share `settingsSchema`: this JSON
// file one (headless CLI, tests) and electron-store in the desktop (electron/desktop/settings-electron-store.ts).
import type { Settings } from '../../shared/settings.ts';
import { loadConfigFile, saveConfigFile, validateSettings } from './config-file.ts';

export interface SettingsStore {
  get(): Settings;
  /** Validates `next` (throws ConfigError naming the field), persists it and returns the stored value. */
  update(next: unknown): Settings;
  /** Called after every successful update; returns an unsubscribe function. */
  onChange?(listener: (settings: Settings) => void): () => void;
}

export class JsonFileSettingsStore implements SettingsStore {
  readonly path: string;
  private current: Settings;
  private readonly listeners = new Set<(settings: Settings) => void>();

  constructor(path: string, options: { missingIsDefaults?: boolean } = { missingIsDefaults: true }) {
    this.path = path;
    this.current = loadConfigFile(path, options);
  }

  get(): Settings {
    return structuredClone(this.current);
  }

  update(next: unknown): Settings {
    const valid = validateSettings(next);
    saveConfigFile(this.path, valid);
    this.current = valid;
    for (const listener of this.listeners) listener(structuredClone(valid));
    return structuredClone(valid);
  }

  onChange(listener: (settings: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** In-memory adapter for tests and one-off commands. */
export class MemorySettingsStore implements SettingsStore {
  private current: Settings;

  constructor(initial: unknown = {}) {
    this.current = validateSettings(initial);
  }

  get(): Settings {
    return structuredClone(this.current);
  }

  update(next: unknown): Settings {
    this.current = validateSettings(next);
    return structuredClone(this.current);
  }
}
