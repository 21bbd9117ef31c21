/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- contract tests read untyped JSON answers from the wire */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConcurSimulator } from '../../../electron/sandbox/concur/index.ts';
import { bearer, demoCompany, http, startSim } from './helpers.ts';

let sim: ConcurSimulator;
let auth: Record<string, string>;
let costCenterId: string;
let projectId: string;
const L = (path: string): string => `${sim.apiUrl}/list/v4${path}`;

interface Item {
  id: string;
  code: string;
  shortCode: string;
  value: string;
  level: number;
  isDeleted: boolean;
  parentId: string | null;
  lists: { id: string; hasChildren: boolean }[];
}

beforeAll(async () => {
  sim = await startSim({ documents: 0 });
  auth = await bearer(sim);
  const found = await http('GET', L('/lists?value=eq:Cost%20Center&isDeleted=false'), { headers: auth });
  costCenterId = String(found.body.content[0].id);
  projectId = String((await http('GET', L('/lists?value=eq:Project'), { headers: auth })).body.content[0].id);
});
afterAll(async () => {
  await sim.close();
});

async function children(path: string, query = ''): Promise<Item[]> {
  const answer = await http('GET', L(`${path}${query}`), { headers: auth });
  expect(answer.status).toBe(200);
  return answer.body.content as Item[];
}

describe('Concur List v4 / List Item v4 reads', () => {
  it('finds lists by filter and walks the hierarchy one level at a time', async () => {
    const lists = await http('GET', L('/lists?levelCount=gte:2'), { headers: auth });
    expect(lists.body.content.map((l: { value: string }) => l.value)).toEqual(['Cost Center']);
    expect(lists.body.content[0]).toMatchObject({
      levelCount: 2,
      isDeleted: false,
      managedBy: null,
      isManaged: false,
    });
    expect(
      (await http('GET', L('/lists?isDeleted=true'), { headers: auth })).body.content.map(
        (l: { value: string }) => l.value,
      ),
    ).toEqual(['Region']);
    const entities = await children(`/lists/${costCenterId}/children`);
    expect(entities.map((e) => e.code)).toEqual(['10USA', '20DEU']);
    expect(entities[0]!.lists[0]).toEqual({ id: costCenterId, hasChildren: true });
    const centers = await children(`/items/${entities[0]!.id}/children`);
    expect(centers.every((c) => c.level === 2 && c.code === `10USA-${c.shortCode}`)).toBe(true);
    expect(centers.every((c) => !c.lists[0]!.hasChildren)).toBe(true);
    // Out of date against QAD on purpose: a retired QAD cost center is still live, a deleted one is hidden.
    expect(centers.map((c) => c.shortCode)).toContain('10SALES');
    expect(centers.map((c) => c.shortCode)).not.toContain('10PAINT');
    expect(
      (await children(`/items/${entities[0]!.id}/children`, '?isDeleted=true')).map((c) => c.shortCode),
    ).toEqual(['10PAINT']);
    const qadCenters = demoCompany()
      .costCenters.filter((c) => c.entity === '20DEU')
      .map((c) => c.code);
    const deCenters = (await children(`/items/${entities[1]!.id}/children`)).map((c) => c.shortCode);
    expect(qadCenters.filter((c) => !deCenters.includes(c)).length).toBe(1);
  });

  it('filters items by shortCode / value / shortCodeOrValue and sorts', async () => {
    const [us] = await children(`/lists/${costCenterId}/children`, '?shortCode=eq:10USA');
    const sw = await children(`/items/${us!.id}/children`, '?shortCodeOrValue=sw:10M');
    expect(sw.map((c) => c.shortCode).sort()).toEqual(['10MACH', '10MAINT']);
    const sorted = await children(`/items/${us!.id}/children`, '?sortBy=shortCode&sortDirection=desc');
    expect(sorted.map((c) => c.shortCode)).toEqual([...sorted.map((c) => c.shortCode)].sort().reverse());
    const bad = await http('GET', L(`/items/${us!.id}/children?value=like:x`), { headers: auth });
    expect(bad.status).toBe(400);
    expect(bad.body.error.id).toBe('request.validation.error');
    const missing = await http('GET', L('/lists/00000000-0000-4000-a000-000000000000'), { headers: auth });
    expect(missing.status).toBe(404);
    expect(missing.body.error.id).toBe('list.not.found');
    expect((await http('GET', L(`/lists/${costCenterId}/children?page=0`), { headers: auth })).status).toBe(
      400,
    );
  });

  it('pages at a fixed 100 items starting at page 1', async () => {
    const requests = Array.from({ length: 230 }, (_, i) => ({
      shortCode: `PG${String(i).padStart(3, '0')}`,
      value: `Paging project ${i}`,
    }));
    const created = await http('POST', L(`/lists/${projectId}/bulk`), { headers: auth, body: { requests } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'SUCCESS',
      recordsSucceeded: 230,
      recordsFailed: 0,
      errors: [],
    });
    const p1 = await http('GET', L(`/lists/${projectId}/children`), { headers: auth });
    expect(p1.body.page).toMatchObject({ size: 100, number: 1, totalPages: 3 });
    expect(p1.body.content).toHaveLength(100);
    const p3 = await http('GET', L(`/lists/${projectId}/children?page=3`), { headers: auth });
    expect(p3.body.content.length).toBe(p1.body.page.totalElements - 200);
    expect(p1.body.links.map((l: { rel: string }) => l.rel)).toContain('next');
  });
});

describe('Concur List Item Bulk v4 and writes', () => {
  it('refuses 0 or more than 250 parts with request.validation.error', async () => {
    for (const size of [0, 251]) {
      const answer = await http('POST', L(`/lists/${projectId}/bulk`), {
        headers: auth,
        body: { requests: Array.from({ length: size }, (_, i) => ({ shortCode: `X${i}`, value: 'x' })) },
      });
      expect(answer.status).toBe(400);
      expect(answer.body.error.id).toBe('request.validation.error');
      expect(answer.body.validationErrors).toEqual([
        { source: 'requests', message: 'size must be between 1 and 250' },
      ]);
    }
    const malformed = await http('POST', L(`/lists/${projectId}/bulk`), {
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{"requests": [',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.id).toBe('request.validation.error');
  });

  it('runs parts in order (parent then child), answering 206 PARTIAL_SUCCESS with per-part errors', async () => {
    const answer = await http('POST', L(`/lists/${costCenterId}/bulk`), {
      headers: auth,
      body: {
        requests: [
          { shortCode: '30MEX', value: 'Meridian Mexico' },
          { shortCode: '30ASSY', value: 'Assembly Monterrey', parentCode: '30MEX' },
          { shortCode: '10ASSY', value: 'Assembly Dayton', parentCode: '10USA' },
          { shortCode: 'ORPHAN', value: 'No parent', parentCode: 'NOPE' },
          { shortCode: 'TOODEEP', value: 'Level 3', parentCode: '30MEX-30ASSY' },
          { shortCode: '', value: 'no code' },
        ],
      },
    });
    expect(answer.status).toBe(206);
    expect(answer.body).toMatchObject({ status: 'PARTIAL_SUCCESS', recordsSucceeded: 2, recordsFailed: 4 });
    expect(answer.body.errors.map((e: { id: string }) => e.id)).toEqual([
      'item.duplicate.code',
      'item.parent.not.found',
      'item.max.level.exceeded',
      'request.validation.error',
    ]);
    expect(answer.body.errors[1].listItem).toEqual({
      shortCode: 'ORPHAN',
      value: 'No parent',
      parentCode: 'NOPE',
    });
    expect(answer.body).not.toHaveProperty('ids');
    const none = await http('POST', L(`/lists/${costCenterId}/bulk`), {
      headers: auth,
      body: { requests: [{ shortCode: '10USA', value: 'again' }] },
    });
    expect(none.status).toBe(400);
    expect(none.body.status).toBe('FAILURE');
  });

  it('soft-deletes with cascade, and a deleted code can be neither reused nor updated', async () => {
    const del = await http('PATCH', L(`/lists/${costCenterId}/bulk`), {
      headers: auth,
      body: { requests: [{ code: '30MEX', deleted: true }] },
    });
    expect(del.status).toBe(200);
    const all = sim.state.listItems.filter((i) => i.code.startsWith('30MEX'));
    expect(all.map((i) => i.isDeleted)).toEqual([true, true]);
    const child = all.find((i) => i.level === 2)!;
    const read = await http('GET', L(`/items/${child.id}`), { headers: auth });
    expect(read.body).toMatchObject({ isDeleted: true, code: '30MEX-30ASSY' });
    const reuse = await http('POST', L(`/lists/${costCenterId}/bulk`), {
      headers: auth,
      body: { requests: [{ shortCode: '30MEX', value: 'Mexico again' }] },
    });
    expect(reuse.body.errors[0].id).toBe('item.duplicate.code.deleted');
    const patch = await http('PATCH', L(`/lists/${costCenterId}/bulk`), {
      headers: auth,
      body: {
        requests: [
          { code: '30MEX', value: 'rename' },
          { code: '30MEX', deleted: false },
          { code: 'GHOST', value: 'x' },
          { code: '10USA-10MAINT', value: 'Maintenance Dayton' },
        ],
      },
    });
    expect(patch.status).toBe(206);
    expect(patch.body.errors.map((e: { id: string }) => e.id)).toEqual([
      'item.deleted',
      'item.duplicate.code.deleted',
      'item.not.found',
    ]);
    expect(sim.state.listItems.find((i) => i.code === '10USA-10MAINT')!.value).toBe('Maintenance Dayton');
    const gone = await http('PATCH', L('/lists/00000000-0000-4000-a000-000000000000/bulk'), {
      headers: auth,
      body: { requests: [{ code: 'A', value: 'b' }] },
    });
    expect(gone.status).toBe(404);
  });

  it('creates, updates and deletes single items', async () => {
    const created = await http('POST', L('/items'), {
      headers: auth,
      body: { listId: projectId, shortCode: 'P_ERP', value: 'ERP upgrade' },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toContain(`/list/v4/items/${String(created.body.id)}`);
    const id = String(created.body.id);
    expect(
      (await http('PUT', L(`/items/${id}`), { headers: auth, body: { value: 'only value' } })).body
        .validationErrors[0].source,
    ).toBe('shortCode');
    expect(
      (await http('PUT', L(`/items/${id}`), { headers: auth, body: { shortCode: 'P_ERP2', value: 'x' } }))
        .status,
    ).toBe(400);
    const updated = await http('PUT', L(`/items/${id}`), {
      headers: auth,
      body: { shortCode: 'P_ERP', value: 'ERP upgrade 2027' },
    });
    expect(updated.body.value).toBe('ERP upgrade 2027');
    expect((await http('DELETE', L(`/items/${id}`), { headers: auth })).status).toBe(204);
    expect(
      (await http('PUT', L(`/items/${id}`), { headers: auth, body: { shortCode: 'P_ERP', value: 'y' } })).body
        .error.id,
    ).toBe('item.deleted');
    expect(
      (await http('GET', L('/items/00000000-0000-4000-a000-000000000000'), { headers: auth })).body.error.id,
    ).toBe('item.not.found');
  });

  it('refuses writes to a list another app manages (list.is.managed); its own managed list is writable', async () => {
    await http('POST', `${sim.apiUrl}/__sandbox/lists/${projectId}/managed`, {
      body: { managedBy: 'appId:11111111-2222-4333-a444-555555555555' },
    });
    const refused = await http('POST', L(`/lists/${projectId}/bulk`), {
      headers: auth,
      body: { requests: [{ shortCode: 'M1', value: 'm' }] },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.id).toBe('list.is.managed');
    expect(
      (
        await http('POST', L('/items'), {
          headers: auth,
          body: { listId: projectId, shortCode: 'M1', value: 'm' },
        })
      ).body.error.id,
    ).toBe('list.is.managed');
    await http('POST', `${sim.apiUrl}/__sandbox/lists/${projectId}/managed`, { body: { managedBy: null } });
    const mine = await http('PUT', L(`/lists/${projectId}`), {
      headers: auth,
      body: { value: 'Project', isManaged: true },
    });
    expect(mine.body.managedBy).toBe(`appId:${sim.credentials.clientId}`);
    expect(
      (
        await http('POST', L(`/lists/${projectId}/bulk`), {
          headers: auth,
          body: { requests: [{ shortCode: 'M1', value: 'm' }] },
        })
      ).status,
    ).toBe(201);
  });

  it('answers an injected rate limit with 429, retry-after 0 and security.rate.limit.reached', async () => {
    sim.apiServer.faults.set({ rate429: 1, pathContains: '/bulk' });
    try {
      const answer = await http('POST', L(`/lists/${projectId}/bulk`), {
        headers: auth,
        body: { requests: [{ shortCode: 'R1', value: 'r' }] },
      });
      expect(answer.status).toBe(429);
      expect(answer.headers.get('retry-after')).toBe('0');
      expect(answer.body.error.id).toBe('security.rate.limit.reached');
    } finally {
      sim.apiServer.faults.clear();
    }
  });

  it('answers list.deleted for every part sent to a deleted list', async () => {
    const region = sim.state.lists.find((l) => l.value === 'Region')!;
    const answer = await http('POST', L(`/lists/${region.id}/bulk`), {
      headers: auth,
      body: {
        requests: [
          { shortCode: 'EMEA', value: 'Europe' },
          { shortCode: 'APJ', value: 'Asia' },
        ],
      },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ status: 'FAILURE', recordsSucceeded: 0, recordsFailed: 2 });
    expect(answer.body.errors.map((e: { id: string }) => e.id)).toEqual(['list.deleted', 'list.deleted']);
  });

  it('can refuse hyphens in codes (option)', async () => {
    sim.setOptions({ listHyphenInCodes: 'reject' });
    try {
      const answer = await http('POST', L(`/lists/${costCenterId}/bulk`), {
        headers: auth,
        body: { requests: [{ shortCode: 'A-B', value: 'x' }] },
      });
      expect(answer.body.errors[0]).toMatchObject({ id: 'request.validation.error' });
    } finally {
      sim.setOptions({ listHyphenInCodes: 'accept' });
    }
  });
});
