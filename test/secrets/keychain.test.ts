// Runs against the real OS keychain when one answers (on Linux: a Secret Service on the session D-Bus).
// To run it headless: dbus-run-session -- sh -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets; npx vitest run test/secrets'
// Entries go to a throw-away service name, never to "ml-connector", so a developer's real secrets are safe.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { openKeychain } from '../../electron/secrets/keychain-store.ts';
import { SECRET_NAMES } from '../../shared/settings.ts';

const service = `ml-connector-test-${randomBytes(4).toString('hex')}`;
const opened = await openKeychain({ service, timeoutMs: 5000 });
const available = opened.probe.available && opened.store !== undefined;
const title = available
  ? 'OS keychain (real Secret Service / Keychain / Credential Manager)'
  : `OS keychain — skipped: no usable OS keychain here (${opened.probe.available ? 'module missing' : opened.probe.reason})`;

// vitest does not print why a suite was skipped; say it once, so a green run without a keychain is not mistaken
// for a tested keychain.
if (!available) console.info(title);

describe.skipIf(!available)(title, () => {
  const store = opened.store!;

  afterAll(async () => {
    for (const name of SECRET_NAMES) await store.delete(name).catch(() => undefined);
  });

  it('stores, reads back, overwrites and deletes a secret', async () => {
    const value = `refresh-${randomBytes(16).toString('hex')}`;
    await store.set('concur.refreshToken', value);
    expect(await store.get('concur.refreshToken')).toBe(value);
    await store.set('concur.refreshToken', `${value}-rotated`);
    expect(await store.get('concur.refreshToken')).toBe(`${value}-rotated`);
    await store.delete('concur.refreshToken');
    expect(await store.get('concur.refreshToken')).toBeUndefined();
  });

  it('reports which secrets are present without revealing them', async () => {
    await store.set('qad.password', 'keychain-test-password');
    const status = await store.status();
    expect(status).toContainEqual({ name: 'qad.password', present: true });
    expect(status).toContainEqual({ name: 'qad.username', present: false });
    expect(JSON.stringify(status)).not.toContain('keychain-test-password');
  });

  it('deleting a secret that is not there is not an error', async () => {
    await expect(store.delete('expensify.partnerUserId')).resolves.toBeUndefined();
  });
});
