import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../shared/settings.ts';
import { ConfigError, loadConfigFile, saveConfigFile } from '../../electron/settings/config-file.ts';
import { JsonFileSettingsStore } from '../../electron/settings/settings-store.ts';

let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mlc-config-'));
  file = join(dir, 'config.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function loadError(text: string): ConfigError {
  writeFileSync(file, text);
  try {
    loadConfigFile(file);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected the config to be refused');
}

describe('loadConfigFile', () => {
  it('fills every default in a partial file', () => {
    writeFileSync(
      file,
      JSON.stringify({
        qad: { mode: 'rest', domain: '10USA', rest: { tenantUrl: 'https://acme.qad.example/' } },
      }),
    );
    const settings = loadConfigFile(file);
    expect(settings.qad.mode).toBe('rest');
    expect(settings.qad.rest.tenantUrl).toBe('https://acme.qad.example/');
    expect(settings.schedules.expensify.cron).toBe('*/30 * * * *');
  });

  it('names the field that has the wrong type', () => {
    const error = loadError(JSON.stringify({ concur: { enabled: 'yes' } }));
    expect(error.field).toBe('concur.enabled');
    expect(error.message).toContain('concur.enabled');
    expect(error.message).toContain('expected boolean');
    expect(error.message).toContain('"yes"');
  });

  it('names an unknown (misspelt) key with its full path', () => {
    const error = loadError(JSON.stringify({ qad: { rest: { tenantURL: 'https://x.example' } } }));
    expect(error.field).toBe('qad.rest.tenantURL');
    expect(error.message).toMatch(/unknown setting/);
  });

  it('names a field that becomes required once a system is switched on', () => {
    const error = loadError(JSON.stringify({ qad: { mode: 'rest', domain: '10USA' } }));
    expect(error.field).toBe('qad.rest.tenantUrl');
    expect(error.message).toMatch(/required/);
  });

  it('names an invalid value', () => {
    const error = loadError(JSON.stringify({ expensify: { url: 'ftp://files.example' } }));
    expect(error.field).toBe('expensify.url');
    expect(error.message).toContain('http://');
  });

  it('names a field inside an array', () => {
    const error = loadError(JSON.stringify({ schedules: { concur: { days: [1, 9] } } }));
    expect(error.field).toBe('schedules.concur.days[1]');
  });

  it('reports a JSON syntax error with its line and column', () => {
    const error = loadError('{\n  "qad": {\n    "mode": "rest",\n  }\n}\n');
    expect(error.field).toBe('');
    expect(error.line).toBe(4);
    expect(error.message).toMatch(/invalid JSON at line 4, column \d+/);
    expect(error.message).toContain(file);
  });

  it('refuses a missing file unless the caller asks for defaults', () => {
    expect(() => loadConfigFile(file)).toThrow(/not found/);
    expect(loadConfigFile(file, { missingIsDefaults: true })).toEqual(defaultSettings());
  });
});

describe('saveConfigFile', () => {
  it('writes the settings atomically, readable back, private to the user, without temp files left over', () => {
    const settings = defaultSettings();
    settings.qad.mode = 'qxtend';
    settings.qad.domain = '10USA';
    settings.qad.qxtend.endpointUrl = 'http://qad.plant.local:8080/qxi/services/QdocWebService';
    saveConfigFile(file, settings);
    saveConfigFile(file, settings);
    expect(loadConfigFile(file)).toEqual(settings);
    expect(readdirSync(dir)).toEqual(['config.json']);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('keeps the previous file when the new settings are invalid', () => {
    saveConfigFile(file, defaultSettings());
    const before = readFileSync(file, 'utf8');
    const broken = { ...defaultSettings(), qad: { ...defaultSettings().qad, mode: 'soap' } };
    expect(() => saveConfigFile(file, broken as never)).toThrow(ConfigError);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });
});

describe('JsonFileSettingsStore', () => {
  it('validates updates, persists them and tells listeners', () => {
    const store = new JsonFileSettingsStore(file);
    const seen: string[] = [];
    store.onChange((settings) => seen.push(settings.qad.mode));
    const next = store.get();
    next.qad.mode = 'rest';
    next.qad.domain = '10USA';
    next.qad.rest.tenantUrl = 'https://acme.qad.example/';
    store.update(next);
    expect(new JsonFileSettingsStore(file).get().qad.mode).toBe('rest');
    expect(seen).toEqual(['rest']);
    expect(() => store.update({ ...next, posting: { autoRelease: ['sap'] } })).toThrow(
      expect.objectContaining({ field: 'posting.autoRelease[0]' }) as Error,
    );
    expect(store.get().qad.mode).toBe('rest');
  });
});
