// The desktop's SettingsStore over electron-store. It writes `<dataDir>/config.json` with the same shape the
// headless CLI reads (electron-store keeps the object at the top level), so IT can prepare the file for both.
// electron-store's own JSON-schema validation is not used: zod's settingsSchema is the single source.
import Store from 'electron-store';
import type { Settings } from '../../shared/settings.ts';
import { ConfigError } from '../settings/config-error.ts';
import { validateSettings } from '../settings/config-file.ts';
import type { SettingsStore } from '../settings/settings-store.ts';

export const SETTINGS_FILE_NAME = 'config';

export class ElectronSettingsStore implements SettingsStore {
  private readonly store: Store<Record<string, unknown>>;
  private current: Settings;
  private readonly listeners = new Set<(settings: Settings) => void>();
  private readonly onInvalidEdit: (error: ConfigError) => void;

  /**
   * Throws ConfigError naming the first bad field when the stored file does not match the schema.
   * `onInvalidEdit` hears about a bad edit made to the file while the app runs (the last good settings stay).
   */
  constructor(options: { cwd: string; onInvalidEdit?: (error: ConfigError) => void }) {
    this.onInvalidEdit = options.onInvalidEdit ?? (() => {});
    this.store = new Store<Record<string, unknown>>({
      cwd: options.cwd,
      name: SETTINGS_FILE_NAME,
      configFileMode: 0o600,
      accessPropertiesByDotNotation: false,
      clearInvalidConfig: false,
      // The CLI (`ml-connector settings ...`) may change the same file while the desktop runs.
      watch: true,
    });
    this.current = validateSettings(this.store.store);
    this.store.onDidAnyChange((next) => this.adopt(next));
  }

  get path(): string {
    return this.store.path;
  }

  get(): Settings {
    return structuredClone(this.current);
  }

  update(next: unknown): Settings {
    const valid = validateSettings(next);
    this.store.store = valid;
    this.adopt(valid);
    return structuredClone(valid);
  }

  onChange(listener: (settings: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Takes a new value (our own write or an outside edit) and tells listeners once per real change. */
  private adopt(next: unknown): void {
    let valid: Settings;
    try {
      valid = validateSettings(next);
    } catch (error) {
      if (error instanceof ConfigError) this.onInvalidEdit(error);
      return;
    }
    if (JSON.stringify(valid) === JSON.stringify(this.current)) return;
    this.current = valid;
    for (const listener of this.listeners) listener(structuredClone(valid));
  }
}
