import { type BrowserContext, expect, type Locator, type Page, test } from '@playwright/test';
import { BrowserChecks } from './browser-checks.ts';
import { E2E_USER } from './global-setup.ts';

// One story, in order, as a user lives it: log in, connect Demo Google, watch the first sync, then
// edits, Add to Sync, deleting, the selection cap and a revoked grant. Screenshots of every page at
// desktop and phone widths go to test-results/screens/.

test.describe.configure({ mode: 'serial' });

const checks = new BrowserChecks();
let context: BrowserContext;
let page: Page;
let emulator = '';
const accountEmail = 'demo.person@example.com';
// Not the machine's zone: the UI must show times in the browser's time zone, whatever the server's.
const TIME_ZONE = 'Asia/Kolkata';

const screenshot = (name: string) => checks.look(page, name);

/**
 * Waits for the status line to name this status. Not a text search of the page: messages such as
 * "the first sync is running" would match before the status does.
 */
const expectStatus = (status: string | RegExp, timeout = 5_000) =>
  expect(page.locator('.status-line')).toHaveText(typeof status === 'string' ? `Status: ${status}` : status, {
    timeout,
  });

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

async function remoteByGivenName(givenName: string) {
  const { contacts } = await control('GET', `${account()}/contacts`);
  return contacts.find((c: { names?: { givenName?: string }[] }) => c.names?.[0]?.givenName === givenName);
}

test.beforeAll(async ({ browser }) => {
  ({ context, page } = await checks.open(browser, { locale: 'en-US', timezoneId: TIME_ZONE }));
});

test.afterAll(() => checks.close(context));

test('logs in', async () => {
  await page.goto('/login');
  await screenshot('login');
  await page.getByLabel('Email').fill(E2E_USER.email);
  await page.getByLabel('Password').fill(E2E_USER.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/contacts/);
  await screenshot('contacts-empty');
});

let secondTab: Page;

test('connects Demo Google: Initializing with moving progress, then Running', async () => {
  // A second tab left on the form, to try a second source from once this one is connected.
  secondTab = await context.newPage();
  await secondTab.goto('/settings/sync');
  await expect(secondTab.getByRole('button', { name: 'Authorize' })).toBeVisible();

  await page.goto('/settings/sync');
  await expect(page.getByLabel('Provider')).toHaveValue('google');
  await expect(page.getByRole('option', { name: /Microsoft.*not available yet/ })).toBeDisabled();
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
  await expectStatus('Running', 60_000);
  await screenshot('settings-running');
});

test('shows times in the browser time zone', async () => {
  const { connection } = (await (await page.request.get('/api/sync')).json()) as {
    connection: { lastSyncAt: string };
  };
  const expected = new Intl.DateTimeFormat('en-US', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: TIME_ZONE,
  }).format(new Date(connection.lastSyncAt));
  await expect(page.locator('dt:text("Last sync") + dd')).toHaveText(expected);
});

test('a second source is refused with a clear message while one is connected', async () => {
  await secondTab.bringToFront();
  await secondTab.getByLabel('Account email').fill('another.person@example.com');
  await checks.expectingHttpErrors([409], async () => {
    await secondTab.getByRole('button', { name: 'Authorize' }).click();
    await expect(secondTab.getByRole('alert').filter({ hasText: /already connected/ })).toBeVisible();
  });
  // The tab now shows the connection that is in the way, with the way out.
  await expect(secondTab.getByRole('heading', { name: `Google: ${accountEmail}` })).toBeVisible();
  await expect(secondTab.getByText(/disconnect this one first/)).toBeVisible();
  await checks.look(secondTab, 'settings-second-source-refused');
  await secondTab.close();
  await page.bringToFront();
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

/** Presses Tab until the target has the focus; the step fails if it never does. */
async function tabTo(target: Locator, presses = 40) {
  for (let i = 0; i < presses; i++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

test('works with the keyboard alone: skip link, search, select, open a record', async () => {
  await page.goto('/contacts');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => Boolean(document.activeElement?.closest('main')))).toBe(true);

  await tabTo(page.getByLabel('Search'));
  await page.keyboard.type('Cy Added');
  const checkbox = page.getByRole('checkbox', { name: /Cy Added/ });
  await expect(checkbox).toBeVisible();
  await tabTo(checkbox);
  await page.keyboard.press('Space');
  await expect(page.getByText('1 selected')).toBeVisible();
  await tabTo(page.getByRole('link', { name: /Cy Added/ }));
  await page.keyboard.press('Enter');
  // A new page moves the focus to its heading, where a screen reader starts reading.
  await expect(page.getByRole('heading', { level: 1, name: 'Cy Added' })).toBeFocused();
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
  expect(await remoteByGivenName('Ann')).toBeDefined();
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
  // The refused row names its field as the contact form does, once.
  await expect(page.getByRole('row', { name: /Bad Row/ })).toContainText(
    /Skipped.*Email 1 \(address\): Not a valid email\.$/,
  );
  await screenshot('contacts-import-report');
});

test('filters by type and sync state; Add to Sync on a record creates it in Google', async () => {
  await page.goto('/contacts');
  const irene = page.getByRole('link', { name: /Irene Imported/ });
  await page.getByLabel('Type').selectOption('import');
  await expect(irene).toBeVisible();
  await expect(page.getByRole('link', { name: /Zelda Remotely-Edited/ })).toHaveCount(0);
  await page.getByLabel('Sync state').selectOption('linked');
  await expect(page.getByText('No contacts match.')).toBeVisible();
  await page.getByLabel('Sync state').selectOption('not-synced');
  await expect(irene).toBeVisible();
  await screenshot('contacts-filtered');

  await irene.click();
  await expect(page.locator('.badge')).toHaveText('Not synced');
  await page.getByRole('button', { name: 'Add to Sync' }).click();
  await expect(page.getByText(/Added to sync/)).toBeVisible();
  // The push runs a moment later; the record follows it from Pending to Synced.
  await expect(async () => {
    await page.reload();
    await expect(page.locator('.badge')).toHaveText('Synced with Google', { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  expect((await remoteByGivenName('Irene'))?.emailAddresses?.[0]?.value).toBe('irene@imported.example.com');
  await screenshot('contact-record-added-to-sync');

  // Back comes to the list as it was filtered, now without Irene, who is synced.
  await page.goBack();
  await expect(page).toHaveURL(/\/contacts\?type=import&sync=not-synced$/);
  await expect(page.getByLabel('Type')).toHaveValue('import');
  await expect(page.getByText('No contacts match.')).toBeVisible();
  // The header's Contacts link starts again from the whole list.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).click();
  await expect(page).toHaveURL(/\/contacts$/);
  await expect(page.getByLabel('Type')).toHaveValue('');
  await expect(page.getByLabel('Sync state')).toHaveValue('');
});

test('creates a contact and refuses a bad email with the field named', async () => {
  await page.goto('/contacts');
  await page.getByRole('button', { name: 'New contact' }).click();
  await page.getByLabel('First name').fill('Nina');
  await page.getByLabel('Last name').fill('New');
  await page.getByLabel('Email 1', { exact: true }).fill('not-an-email');
  await checks.expectingHttpErrors([400], async () => {
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(
      page
        .getByText(/email/i)
        .filter({ hasText: /valid|format/i })
        .first(),
    ).toBeVisible();
  });
  await screenshot('contacts-new-contact-error');
  await page.getByLabel('Email 1', { exact: true }).fill('nina@new.example.com');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.goto('/contacts');
  await page.getByLabel('Search').fill('Nina New');
  await expect(page.getByRole('link', { name: /Nina New/ })).toBeVisible();
});

test('an edit of a contact that changed meanwhile is refused, with the latest version one click away', async () => {
  await page.goto('/contacts?q=Nina%20New');
  await page.getByRole('link', { name: /Nina New/ }).click();
  const id = page.url().split('/').pop()!;
  await page.getByRole('button', { name: 'Edit' }).click();
  await page.getByLabel('Company').fill('Typed Here Ltd');
  // Meanwhile another tab (or the sync) changes the contact.
  const other = await page.request.patch(`/api/contacts/${id}`, {
    data: { jobTitle: 'Changed Elsewhere' },
    headers: { 'x-csrf-token': await csrf() },
  });
  expect(other.status()).toBe(200);

  await checks.expectingHttpErrors([409], async () => {
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText(/changed elsewhere since you opened it/)).toBeVisible();
  });
  await screenshot('contact-edit-conflict');
  await page.getByRole('button', { name: 'Reload' }).click();
  await expect(page.getByLabel('Job title')).toHaveValue('Changed Elsewhere');
  await page.getByLabel('Company').fill('Typed Here Ltd');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Typed Here Ltd')).toBeVisible();
  await expect(page.getByText('Changed Elsewhere')).toBeVisible();
});

test('pause, both sides edit one field, resume: the lost value comes back in one click', async () => {
  await page.goto('/settings/sync');
  await page.getByRole('button', { name: 'Pause' }).click();
  await expectStatus('Paused');
  await screenshot('settings-paused');

  // Edited here while paused...
  await page.goto('/contacts');
  await page.getByLabel('Search').fill('Ben Added');
  await page.getByRole('link', { name: /Ben Added/ }).click();
  await page.getByRole('button', { name: 'Edit' }).click();
  await page.getByLabel('Job title').fill('Broker');
  await screenshot('contact-edit');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Broker')).toBeVisible();
  const record = page.url();
  // ...and a moment later in Google: the later change wins.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const ben = await remoteByGivenName('Ben');
  await control('PATCH', `${account()}/contacts/${ben.resourceName.slice(7)}`, {
    organizations: [{ title: 'Agent' }],
  });

  await page.goto('/settings/sync');
  await page.getByRole('button', { name: 'Resume' }).click();
  await expectStatus('Running', 30_000);

  await expect(async () => {
    await page.goto(record);
    await expect(page.getByText('Agent', { exact: true })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  const lost = page.getByRole('listitem').filter({ hasText: 'Both sides changed this' });
  await expect(lost).toContainText('Broker');
  await screenshot('contact-history-conflict');
  await lost.getByRole('button', { name: 'Restore' }).click();
  await expect(page.getByText('Restored. The value will be synced.')).toBeVisible();
  await expect(page.getByText('Broker', { exact: true })).toBeVisible();
  await expect
    .poll(async () => (await remoteByGivenName('Ben'))?.organizations?.[0]?.title, { timeout: 30_000 })
    .toBe('Broker');
  await screenshot('contact-history-restored');
});

/** A time as the UI shows it in the browser's zone: HH:MM today, the date as well on another day. */
function shownTime(iso: string, form: 'time-today' | 'always-date' = 'time-today'): string {
  const date = new Date(iso);
  const day = (d: Date) => d.toLocaleDateString('en-US', { timeZone: TIME_ZONE });
  const sameDay = form === 'time-today' && day(date) === day(new Date());
  return new Intl.DateTimeFormat(
    'en-US',
    sameDay
      ? { hour: '2-digit', minute: '2-digit', timeZone: TIME_ZONE }
      : { dateStyle: 'medium', timeStyle: 'short', timeZone: TIME_ZONE },
  ).format(date);
}

async function connectionNow() {
  const answer = (await (await page.request.get('/api/sync')).json()) as {
    connection: {
      status: string;
      throttledUntil: string | null;
      lastError: { message: string; nextRetryAt?: string } | null;
    };
  };
  return answer.connection;
}

test('a revoked grant shows Needs reauthorization; Reauthorize brings it back to Running', async () => {
  test.setTimeout(150_000);
  await control('POST', `${account()}/revoke`);
  await page.goto('/settings/sync');
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expectStatus('Needs reauthorization', 30_000);
  await screenshot('settings-needs-reauthorization');
  await page.getByRole('button', { name: 'Reauthorize' }).click();
  await page.waitForURL(/\/o\/oauth2\/v2\/auth/);
  await page.getByRole('button', { name: 'Allow' }).click();
  await page.waitForURL(/\/settings\/sync/);
  await expect
    .poll(
      async () =>
        ((await (await page.request.get('/api/sync')).json()) as { connection: { status: string } })
          .connection.status,
      {
        timeout: 60_000,
      },
    )
    .toBe('running');
  await expectStatus('Running', 15_000);
});

async function csrf(): Promise<string> {
  const session = await page.request.get('/api/auth/session');
  return ((await session.json()) as { csrfToken: string }).csrfToken;
}

test('an outage shows Error with the next try; a provider asking to slow down shows Throttled until HH:MM', async () => {
  test.setTimeout(300_000);
  // Every answer a 503: the run retries with backoff (at most about 30 s), then gives up until later.
  await control('PUT', '/settings', { errorRate: 1 });
  await page.goto('/settings/sync');
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expectStatus('Error', 90_000);
  const failed = await connectionNow();
  await expect(page.locator('.status-block')).toContainText(failed.lastError!.message);
  await expect(page.locator('.status-block')).toContainText(
    `The next try is at ${shownTime(failed.lastError!.nextRetryAt!, 'always-date')}`,
  );
  await screenshot('settings-error');

  // Every answer a 429 (Google sends no Retry-After): the run backs off inside the run until a wait
  // would pass 30 s, then ends and shows when it goes on.
  await control('PUT', '/settings', { errorRate: 0, throttleRate: 1 });
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expectStatus(/Throttled until/, 180_000);
  const throttled = await connectionNow();
  await expectStatus(`Throttled until ${shownTime(throttled.throttledUntil!)}`);
  // "A sync has been started" no longer holds once the run has ended throttled.
  await expect(page.getByText('A sync has been started.')).toHaveCount(0);
  await screenshot('settings-throttled');

  // The provider's pace is respected: no Sync now until then, and the page says when it goes on.
  await expect(page.getByRole('button', { name: 'Sync now' })).toBeDisabled();
  await expect(page.locator('.status-block')).toContainText(
    `The sync continues by itself at ${shownTime(throttled.throttledUntil!)}`,
  );
  await control('PUT', '/settings', { throttleRate: 0 });
});

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

test('an unknown address shows a page that leads back', async () => {
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await screenshot('not-found');
});
