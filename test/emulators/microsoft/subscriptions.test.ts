import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  emulatorForThisFile,
  newAccount,
  putSettings,
  seed,
  startReceiver,
  waitFor,
} from './support.ts';

const emulator = emulatorForThisFile();
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
});

function inMinutes(minutes: number): string {
  return new Date(emulator().clock.ms + minutes * 60_000).toISOString();
}

function subscriptionBody(overrides: Record<string, unknown> = {}) {
  return {
    changeType: 'created,updated,deleted',
    notificationUrl: `${receiver.url}/hook?tenant=demo`,
    lifecycleNotificationUrl: `${receiver.url}/lifecycle`,
    resource: 'me/contacts',
    expirationDateTime: inMinutes(4000),
    clientState: 'secret-state',
    ...overrides,
  };
}

describe('subscriptions', () => {
  it('validates the endpoint, then notifies created, updated and deleted changes', async () => {
    const { email, graph } = await newAccount(emulator(), 'hooks@contoso.example');
    const created = await graph('/subscriptions', { method: 'POST', body: subscriptionBody() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      resource: 'me/contacts',
      clientState: 'secret-state',
      id: expect.any(String),
    });
    const validation = receiver.posts.find((p) => p.path === '/hook' && p.query.get('validationToken'));
    expect(validation?.query.get('tenant')).toBe('demo');

    const contact = await graph('/me/contacts', { method: 'POST', body: { givenName: 'Nia' } });
    await call(`${emulator().url}/_control/accounts/${email}/contacts/${contact.body.id}`, {
      method: 'PATCH',
      body: { jobTitle: 'x' },
    });
    await graph(`/me/contacts/${contact.body.id}`, { method: 'DELETE' });
    const mine = () => receiver.notifications().filter((n) => n.subscriptionId === created.body.id);
    const seen = await waitFor(() => mine().length >= 3 && mine());
    expect(seen.map((n) => n.changeType)).toEqual(['created', 'updated', 'deleted']);
    expect(seen[0]).toMatchObject({
      clientState: 'secret-state',
      tenantId: expect.any(String),
      subscriptionExpirationDateTime: expect.any(String),
      resource: expect.stringMatching(/^Users\/.+\/Contacts\/.+/),
      resourceData: { '@odata.type': '#Microsoft.Graph.Contact', id: contact.body.id },
    });
  });

  it('fails with 400 when the endpoint echoes the token still encoded', async () => {
    const wrong = await startReceiver('encoded');
    const { graph } = await newAccount(emulator(), 'badhook@contoso.example');
    const answer = await graph('/subscriptions', {
      method: 'POST',
      body: subscriptionBody({ notificationUrl: `${wrong.url}/hook` }),
    });
    await wrong.close();
    expect(answer.status).toBe(400);
    expect(String((answer.body.error as { message: string }).message)).toContain('validation request failed');
  });

  it('fails with 400 when the endpoint does not answer in time', async () => {
    const slow = await startReceiver('hold');
    await putSettings(emulator(), { subscriptionValidationTimeoutMs: 100 });
    const { graph } = await newAccount(emulator(), 'slowhook@contoso.example');
    const answer = await graph('/subscriptions', {
      method: 'POST',
      body: subscriptionBody({ notificationUrl: `${slow.url}/hook` }),
    });
    await putSettings(emulator(), { subscriptionValidationTimeoutMs: 10_000 });
    slow.release();
    await slow.close();
    expect(answer.status).toBe(400);
  });

  it('rejects a lifetime past the contact maximum', async () => {
    const { graph } = await newAccount(emulator(), 'lifetime@contoso.example');
    const answer = await graph('/subscriptions', {
      method: 'POST',
      body: subscriptionBody({ expirationDateTime: inMinutes(4231) }),
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      error: { message: 'Subscription expiration can only be 4230 minutes in the future.' },
    });
  });

  it('renews with PATCH, expires by the clock, and deletes with 204', async () => {
    const { graph } = await newAccount(emulator(), 'renew@contoso.example');
    const created = await graph('/subscriptions', {
      method: 'POST',
      body: subscriptionBody({ expirationDateTime: inMinutes(60) }),
    });
    const id = String(created.body.id);
    const renewed = await graph(`/subscriptions/${id}`, {
      method: 'PATCH',
      body: { expirationDateTime: inMinutes(3000) },
    });
    expect(renewed.status).toBe(200);
    expect(renewed.body.expirationDateTime).toBe(inMinutes(3000));
    expect((await graph(`/subscriptions/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await graph(`/subscriptions/${id}`)).status).toBe(404);

    const shortLived = await graph('/subscriptions', {
      method: 'POST',
      body: subscriptionBody({ expirationDateTime: inMinutes(50) }),
    });
    emulator().clock.advance(51 * 60);
    expect((await graph(`/subscriptions/${shortLived.body.id}`)).status).toBe(404);
  });

  it('carries immutable ids when created with Prefer: IdType="ImmutableId"', async () => {
    const { email, graph } = await newAccount(emulator(), 'immutable-hooks@contoso.example');
    const prefer = { prefer: 'IdType="ImmutableId"' };
    const created = await graph('/subscriptions', {
      method: 'POST',
      body: subscriptionBody({ changeType: 'created' }),
      headers: prefer,
    });
    const [restId] = await seed(emulator(), email, [{ givenName: 'Imm' }]);
    const note = await waitFor(() =>
      receiver.notifications().find((n) => n.subscriptionId === created.body.id),
    );
    const byNotified = await graph(`/me/contacts/${(note.resourceData as { id: string }).id}`, {
      headers: prefer,
    });
    expect((note.resourceData as { id: string }).id).not.toBe(restId);
    expect(byNotified.status).toBe(200);
  });

  it('sends lifecycle events through the control API; subscriptionRemoved ends the subscription', async () => {
    const { email, graph } = await newAccount(emulator(), 'lifecycle@contoso.example');
    const created = await graph('/subscriptions', { method: 'POST', body: subscriptionBody() });
    for (const event of ['reauthorizationRequired', 'missed', 'subscriptionRemoved']) {
      const answer = await call<{ notified: Array<{ status: number }> }>(
        `${emulator().url}/_control/accounts/${email}/lifecycle`,
        { method: 'POST', body: { event } },
      );
      expect(answer.body.notified).toEqual([{ subscriptionId: created.body.id, status: 202 }]);
    }
    const events = receiver.posts
      .filter((p) => p.path === '/lifecycle' && !p.query.get('validationToken'))
      .flatMap((p) => (JSON.parse(p.body) as { value: Array<Record<string, unknown>> }).value)
      .filter((n) => n.subscriptionId === created.body.id);
    expect(events.map((e) => e.lifecycleEvent)).toEqual([
      'reauthorizationRequired',
      'missed',
      'subscriptionRemoved',
    ]);
    expect(events[0]).not.toHaveProperty('resource');
    expect((await graph(`/subscriptions/${created.body.id}`)).status).toBe(404);
  });
});
