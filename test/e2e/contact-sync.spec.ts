import { expect, type Page, test } from '@playwright/test';
import { E2E_USER } from './global-setup.ts';

// One story, in order, as a user lives it: log in, connect Demo Google, watch the first sync, then
// edits, Add to Sync, deleting, the selection cap and a revoked grant. Screenshots of every page at
// desktop and phone widths go to test-results/screens/.

test.describe.configure({ mode: 'serial' });

let page: Page;
let emulator = '';
const accountEmail = 'demo.person@example.com';
const consoleErrors: string[] = [];

async function screenshot(name: string) {
  for (const [label, size] of [
    ['desktop', { width: 1280, height: 860 }],
    ['phone', { width: 375, height: 780 }],
  ] as const) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `test-results/screens/${name}-${label}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 860 });
}

async function control(method: string, path: string, body?: unknown) {
  const response = await fetch(`${emulator}/_control${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
}

const account = () => `/accounts/${encodeURIComponent(accountEmail)}`;

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  page.on('console', (message) => {
    // The browser logs every 4xx answer as a failed resource; the UI expects some (400 for invalid
    // input, 401 before the first login, 404 while Contact Sync is not connected, 409 on a
    // conflict). Script errors are what this catches.
    if (message.type() === 'error' && !/Failed to load resource: .* (400|401|404|409)/.test(message.text())) {
      consoleErrors.push(message.text());
    }
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
});

test.afterAll(() => {
  expect(consoleErrors, 'no console errors on any page').toEqual([]);
});

test('logs in', async () => {
  await page.goto('/login');
  await screenshot('login');
  await page.getByLabel('Email').fill(E2E_USER.email);
  await page.getByLabel('Password').fill(E2E_USER.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/contacts/);
  await screenshot('contacts-empty');
});

test('connects Demo Google: Initializing with moving progress, then Running', async () => {
  await page.goto('/settings/sync');
  await screenshot('settings-not-connected');
  await page.getByLabel('Account email').fill(accountEmail);
  await page.getByRole('button', { name: 'Authorize' }).click();
  await page.waitForURL(/\/o\/oauth2\/v2\/auth/);
  emulator = new URL(page.url()).origin;
  // A larger book and a slower provider, so the first sync is long enough to watch.
  await control('POST', `${account()}/generate`, { count: 4000, seed: 5 });
  await control('PUT', '/settings', { latencyMs: 1500 });
  await screenshot('consent');
  await page.getByRole('button', { name: 'Allow' }).click();
  await page.waitForURL(/\/settings\/sync/);

  const progress = page.getByText(/[\d,]+ of [\d,]+ contacts/);
  await expect(progress).toBeVisible();
  const first = await progress.textContent();
  await expect(progress).not.toHaveText(first ?? '', { timeout: 30_000 });
  await screenshot('settings-initializing');
  await control('PUT', '/settings', { latencyMs: 0 });
  await expect(page.getByText('Running')).toBeVisible({ timeout: 60_000 });
  await screenshot('settings-running');
});

test('a contact edited in Google appears in the CRM', async () => {
  const { contacts } = await control('GET', `${account()}/contacts`);
  const target = contacts[0];
  await control('PATCH', `${account()}/contacts/${target.resourceName.slice(7)}`, {
    names: [{ givenName: 'Zelda', familyName: 'Remotely-Edited' }],
  });
  await page.goto('/settings/sync');
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(async () => {
    await page.goto('/contacts');
    await page.getByLabel('Search').fill('Remotely-Edited');
    await expect(page.getByText('Remotely-Edited').first()).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await screenshot('contacts-search');
});

test('three contacts selected and added to sync appear in Google', async () => {
  const names = ['Ann Added', 'Ben Added', 'Cy Added'];
  for (const name of names) {
    const [firstName, lastName] = name.split(' ');
    const response = await page.request.post('/api/contacts', {
      data: { firstName, lastName, emails: [{ address: `${firstName!.toLowerCase()}@added.example.com` }] },
      headers: { 'x-csrf-token': await csrf() },
    });
    expect(response.status()).toBe(201);
  }
  await page.goto('/contacts');
  await page.getByLabel('Search').fill('Added');
  for (const name of names) await page.getByRole('checkbox', { name: new RegExp(name) }).check();
  await expect(page.getByText('3 selected')).toBeVisible();
  await page.getByRole('button', { name: 'Add to contact sync' }).click();
  await expect(page.getByText(/added/i).first()).toBeVisible();
  await screenshot('contacts-added-to-sync');
  await expect(async () => {
    const { contacts } = await control('GET', `${account()}/contacts`);
    const families = contacts.map((c: { names?: { familyName?: string }[] }) => c.names?.[0]?.familyName);
    expect(families.filter((f: string | undefined) => f === 'Added')).toHaveLength(3);
  }).toPass({ timeout: 30_000 });
});

test('deleting a synced contact does what its confirmation says', async () => {
  await page.goto('/contacts');
  await page.getByLabel('Search').fill('Ann Added');
  await page.getByRole('link', { name: /Ann Added/ }).click();
  await expect(page.getByText(/Synced with Google/)).toBeVisible();
  await screenshot('contact-record');
  await page.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText(/stays in your Google/i)).toBeVisible();
  await screenshot('contact-delete-confirmation');
  await page.getByRole('button', { name: 'Yes, delete it' }).click();
  await expect(page).toHaveURL(/\/contacts$/);
  const { contacts } = await control('GET', `${account()}/contacts`);
  expect(contacts.some((c: { names?: { givenName?: string }[] }) => c.names?.[0]?.givenName === 'Ann')).toBe(
    true,
  );
});

test('the selection stops at 50 with a clear message', async () => {
  await page.goto('/contacts');
  await page.getByRole('checkbox', { name: 'Select all on this page' }).check();
  await expect(page.getByText('50 selected')).toBeVisible();
  await page.getByRole('button', { name: 'Next page' }).click();
  const fiftyFirst = page.getByRole('checkbox', { name: /^Select (?!all)/ }).first();
  await fiftyFirst.click();
  await expect(page.getByText(/at most 50 contacts/i)).toBeVisible();
  await expect(page.getByText('50 selected')).toBeVisible();
  await expect(fiftyFirst).not.toBeChecked();
  await screenshot('contacts-selection-cap');
});

test('imports a file and shows its row-by-row report', async () => {
  await page.goto('/contacts');
  await page.getByRole('button', { name: 'Import' }).click();
  await page.getByLabel('File').setInputFiles({
    name: 'people.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      'first name,last name,email\nIrene,Imported,irene@imported.example.com\nBad,Row,not-an-email\n',
    ),
  });
  await page
    .locator('.import-panel, [role="dialog"], form')
    .getByRole('button', { name: 'Import' })
    .last()
    .click();
  await expect(page.getByText('Report for people.csv')).toBeVisible();
  await expect(page.locator('dl.counts')).toContainText('Created1');
  await expect(page.locator('dl.counts')).toContainText('Skipped1');
  await screenshot('contacts-import-report');
});

test('creates a contact and refuses a bad email with the field named', async () => {
  await page.goto('/contacts');
  await page.getByRole('button', { name: 'New contact' }).click();
  await page.getByLabel('First name').fill('Nina');
  await page.getByLabel('Last name').fill('New');
  await page.getByLabel('Email 1', { exact: true }).fill('not-an-email');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(
    page
      .getByText(/email/i)
      .filter({ hasText: /valid|format/i })
      .first(),
  ).toBeVisible();
  await screenshot('contacts-new-contact-error');
  await page.getByLabel('Email 1', { exact: true }).fill('nina@new.example.com');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.goto('/contacts');
  await page.getByLabel('Search').fill('Nina New');
  await expect(page.getByRole('link', { name: /Nina New/ })).toBeVisible();
});

test('pauses and resumes the sync', async () => {
  await page.goto('/settings/sync');
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByText('Paused', { exact: true }).first()).toBeVisible();
  await screenshot('settings-paused');
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByText('Running')).toBeVisible({ timeout: 30_000 });
});

test('a revoked grant shows Needs reauthorization; Reauthorize brings it back to Running', async () => {
  test.setTimeout(150_000);
  await control('POST', `${account()}/revoke`);
  await page.goto('/settings/sync');
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByText(/Needs reauthorization/i)).toBeVisible({ timeout: 30_000 });
  await screenshot('settings-needs-reauthorization');
  // The status card re-renders on every poll; a click that lands during one is tried again.
  await expect(async () => {
    await page.getByRole('button', { name: 'Reauthorize' }).click();
    await page.waitForURL(/\/o\/oauth2\/v2\/auth/, { timeout: 10_000 });
  }).toPass({ timeout: 45_000 });
  await page.getByRole('button', { name: 'Allow' }).click();
  await page.waitForURL(/\/settings\/sync/);
  await expect
    .poll(
      async () =>
        ((await (await page.request.get('/api/sync/connection')).json()) as { status: string }).status,
      {
        timeout: 60_000,
      },
    )
    .toBe('running');
  await expect(page.getByText('Running')).toBeVisible({ timeout: 15_000 });
});

async function csrf(): Promise<string> {
  const session = await page.request.get('/api/auth/session');
  return ((await session.json()) as { csrfToken: string }).csrfToken;
}

test('disconnects after confirming, keeping every contact', async () => {
  const before = await page.request.get('/api/contacts?limit=1&sync=linked');
  expect(((await before.json()) as { items: unknown[] }).items).toHaveLength(1);
  await page.goto('/settings/sync');
  await page.getByRole('button', { name: 'Disconnect' }).click();
  await screenshot('settings-disconnect-confirmation');
  await page.getByRole('button', { name: 'Yes, disconnect' }).click();
  await expect(page.getByRole('button', { name: 'Authorize' })).toBeVisible();
  const after = await page.request.get('/api/contacts?limit=200');
  expect(((await after.json()) as { items: unknown[] }).items.length).toBeGreaterThan(100);
  await screenshot('settings-disconnected');
});
