import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { BrowserChecks } from './browser-checks.ts';
import { LEGACY_NAME, LEGACY_USER } from './global-setup.ts';

// A user who still has an integration from the older system (recorded by the operator with
// `contact-sync legacy-integrations add`): the Contact Sync tab explains, offers the removal, and
// the connect form is there right after it, without logging out.

test.describe.configure({ mode: 'serial' });

const checks = new BrowserChecks();
let context: BrowserContext;
let page: Page;

test.beforeAll(async ({ browser }) => {
  ({ context, page } = await checks.open(browser));
});

test.afterAll(() => checks.close(context));

test('the older integration is explained and removed, then Contact Sync can be connected', async () => {
  await page.goto('/login');
  await page.getByLabel('Email').fill(LEGACY_USER.email);
  await page.getByLabel('Password').fill(LEGACY_USER.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/contacts/);

  await page.goto('/settings/sync');
  await expect(page.getByRole('heading', { name: 'Remove the older integration first' })).toBeVisible();
  await expect(page.getByText(LEGACY_NAME)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Authorize' })).toHaveCount(0);
  await checks.look(page, 'settings-legacy-notice');

  await page.getByRole('button', { name: `Remove ${LEGACY_NAME}` }).click();
  await expect(
    page.getByText('The older integration is removed. You can connect Contact Sync now.'),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Authorize' })).toBeEnabled();
  await checks.look(page, 'settings-legacy-removed');
});

test('logs out', async () => {
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/contacts');
  await expect(page).toHaveURL(/\/login/);
});
