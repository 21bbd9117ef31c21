/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- contract tests read untyped JSON answers from the wire */
import { afterEach, describe, expect, it } from 'vitest';
import type { ConcurSimulator } from '../../../electron/sandbox/concur/index.ts';
import { DAY, FIS, FORM, HOUR, bearer, companyToken, form, http, refresh, startSim } from './helpers.ts';

let sim: ConcurSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('Concur OAuth2 v0 company flow', () => {
  it('exchanges the request token for tokens whose geolocation is another server', async () => {
    sim = await startSim({ documents: 2 });
    const answer = await companyToken(sim);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ token_type: 'Bearer', expires_in: '3600', geolocation: sim.apiUrl });
    expect(answer.body.scope).toContain('FISVC');
    expect(typeof answer.body.refresh_token).toBe('string');
    expect(typeof answer.body.id_token).toBe('string');
    // refresh_expires_in is an absolute epoch (seconds), about six months ahead.
    const epoch = Number(answer.body.refresh_expires_in);
    expect(epoch * 1000 - sim.clock.now()).toBeGreaterThan(180 * DAY);
    const geo = new URL(String(answer.body.geolocation));
    expect(geo.port).not.toBe(new URL(sim.tokenUrl).port);
    expect(answer.headers.get('concur-correlationid')).toBeTruthy();
  });

  it('the token host refuses API calls; the geolocation serves them', async () => {
    sim = await startSim({ documents: 2 });
    const auth = await bearer(sim);
    const onTokenHost = await http('GET', `${sim.tokenHostUrl}${FIS}/invoice/transactions`, {
      headers: auth,
    });
    expect(onTokenHost.status).toBe(401);
    const anonymous = await http('GET', `${sim.tokenHostUrl}${FIS}/invoice/transactions`);
    expect(anonymous.status).toBe(404);
    const onGeo = await http('GET', `${sim.apiUrl}${FIS}/invoice/transactions`, { headers: auth });
    expect(onGeo.status).toBe(200);
  });

  it('lets the request token be reused within 24 h, then refuses it', async () => {
    sim = await startSim({ documents: 0 });
    expect((await companyToken(sim)).status).toBe(200);
    sim.clock.advance(23 * HOUR);
    expect((await companyToken(sim)).status).toBe(200);
    sim.clock.advance(2 * HOUR);
    const expired = await companyToken(sim);
    expect(expired.status).toBe(400);
    expect(expired.body).toMatchObject({ error: 'invalid_grant', code: 5 });
    // The admin issues a new one.
    sim.issueRequestToken();
    expect((await companyToken(sim)).status).toBe(200);
  });

  it('access tokens last 1 h; a refresh returns a new refresh token and retires the old one', async () => {
    sim = await startSim({ documents: 1 });
    const first = await companyToken(sim);
    const auth = { authorization: `Bearer ${String(first.body.access_token)}` };
    sim.clock.advance(59 * 60_000);
    expect((await http('GET', `${sim.apiUrl}${FIS}/expense/transactions`, { headers: auth })).status).toBe(
      200,
    );
    sim.clock.advance(2 * 60_000);
    const expired = await http('GET', `${sim.apiUrl}${FIS}/expense/transactions`, { headers: auth });
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ errorId: 'UNAUTHORIZED' });

    const renewed = await refresh(sim, String(first.body.refresh_token));
    expect(renewed.status).toBe(200);
    expect(renewed.body.refresh_token).not.toBe(first.body.refresh_token);
    expect(renewed.body.geolocation).toBe(sim.apiUrl);
    const again = await refresh(sim, String(first.body.refresh_token));
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ error: 'invalid_grant', code: 108 });
    const fresh = { authorization: `Bearer ${String(renewed.body.access_token)}` };
    expect((await http('GET', `${sim.apiUrl}${FIS}/expense/transactions`, { headers: fresh })).status).toBe(
      200,
    );
  });

  it('can keep the old refresh token working (option) and lets refresh tokens lapse after 6 months', async () => {
    sim = await startSim({ documents: 0, options: { refreshRotation: 'rotate-keep-old' } });
    const first = await companyToken(sim);
    const old = String(first.body.refresh_token);
    expect((await refresh(sim, old)).status).toBe(200);
    expect((await refresh(sim, old)).status).toBe(200);
    sim.clock.advance(183 * DAY);
    const lapsed = await refresh(sim, old);
    expect(lapsed.body).toMatchObject({ error: 'invalid_grant', code: 108 });
  });

  it('a daily refresh keeps the connection alive past 6 months', async () => {
    sim = await startSim({ documents: 0 });
    let token = String((await companyToken(sim)).body.refresh_token);
    for (let day = 0; day < 200; day += 20) {
      sim.clock.advance(20 * DAY);
      const answer = await refresh(sim, token);
      expect(answer.status).toBe(200);
      token = String(answer.body.refresh_token);
    }
  });

  it('answers the documented errors for bad input', async () => {
    sim = await startSim({ documents: 0 });
    const c = sim.credentials;
    const base = {
      client_id: c.clientId,
      client_secret: c.clientSecret,
      grant_type: 'password',
      username: c.companyUuid,
      password: c.requestToken,
      credtype: 'authtoken',
    };
    const post = (fields: Record<string, string>, headers: Record<string, string> = FORM) =>
      http('POST', sim!.tokenUrl, { headers, body: form(fields) });
    expect((await post({ ...base, client_secret: 'wrong' })).body).toMatchObject({
      code: 64,
      error: 'invalid_client',
    });
    expect((await post({ ...base, client_secret: 'wrong' })).status).toBe(401);
    expect((await post({ ...base, password: 'not-a-token' })).body).toMatchObject({
      code: 5,
      error: 'invalid_grant',
    });
    expect((await post({ ...base, username: '00000000-0000-4000-a000-000000000000' })).body).toMatchObject({
      code: 136,
    });
    expect((await post({ ...base, credtype: 'magic' })).body).toMatchObject({ code: 120 });
    const { grant_type: _g, ...noGrant } = base;
    expect((await post(noGrant)).body).toMatchObject({ code: 65 });
    expect((await post({ ...base, grant_type: 'refresh_token' })).body).toMatchObject({ code: 106 });
    // TMC: a charset on the Content-Type makes oauth2 ignore the form.
    const charset = await post(base, { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' });
    expect(charset.status).toBe(400);
    expect(charset.body).toMatchObject({ code: 62, error: 'invalid_request' });
    const asJson = await http('POST', sim.tokenUrl, { body: base });
    expect(asJson.body).toMatchObject({ code: 62 });
    const garbage = await http('POST', sim.tokenUrl, { headers: FORM, body: '%%%&&&=' });
    expect(garbage.status).toBe(400);
    sim.setOptions({ rejectCharsetOnTokenRequest: false, oauthErrorCodeAs: 'string' });
    expect(
      (await post(base, { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' })).status,
    ).toBe(200);
    expect((await post({ ...base, password: 'x' })).body.code).toBe('5');
  });

  it('produces every documented response variant on request', async () => {
    sim = await startSim({
      documents: 0,
      options: {
        expiresInAs: 'number',
        refreshExpiresInAs: 'absent',
        geolocationWithTokenSuffix: true,
        includeIdToken: false,
      },
    });
    const answer = await companyToken(sim);
    expect(answer.body.expires_in).toBe(3600);
    expect(answer.body).not.toHaveProperty('refresh_expires_in');
    expect(answer.body).not.toHaveProperty('id_token');
    expect(answer.body.geolocation).toBe(`${sim.apiUrl}/oauth2/v0/token`);
    sim.setOptions({ refreshExpiresInAs: 'number' });
    expect(typeof (await companyToken(sim)).body.refresh_expires_in).toBe('number');
  });

  it('admin routes revoke refresh tokens and expire access tokens', async () => {
    sim = await startSim({ documents: 0 });
    const answer = await companyToken(sim);
    const revoked = await http('POST', `${sim.apiUrl}/__sandbox/tokens/revoke`, {
      body: { refreshToken: answer.body.refresh_token },
    });
    expect(revoked.body).toEqual({ revoked: 1 });
    expect((await refresh(sim, String(answer.body.refresh_token))).body.code).toBe(108);
    await http('POST', `${sim.apiUrl}/__sandbox/tokens/expire`, { body: { kind: 'access' } });
    const auth = { authorization: `Bearer ${String(answer.body.access_token)}` };
    expect((await http('GET', `${sim.apiUrl}${FIS}/invoice/transactions`, { headers: auth })).status).toBe(
      401,
    );
    sim.setOptions({ expiredAccessTokenStatus: 403 });
    expect((await http('GET', `${sim.apiUrl}${FIS}/invoice/transactions`, { headers: auth })).status).toBe(
      403,
    );
    const newToken = await http('POST', `${sim.tokenHostUrl}/__sandbox/tokens/request-token`);
    expect(newToken.body.requestToken).toBe(sim.credentials.requestToken);
  });

  it('App Center "Connect" redirects to the landing URL with id, requestToken and userId (or userID)', async () => {
    sim = await startSim({ documents: 0, options: { appCenterUserIdParam: 'userID' } });
    const response = await fetch(
      `${sim.apiUrl}/__sandbox/app-center/connect?redirect_uri=${encodeURIComponent('http://127.0.0.1:1/landing')}`,
      {
        redirect: 'manual',
      },
    );
    expect(response.status).toBe(302);
    const target = new URL(response.headers.get('location')!);
    expect(target.searchParams.get('id')).toBe(sim.credentials.companyUuid);
    expect(target.searchParams.get('requestToken')).toBe(sim.credentials.requestToken);
    expect(target.searchParams.get('userID')).toBeTruthy();
    expect((await companyToken(sim)).status).toBe(200);
  });
});
