import { AxeBuilder } from '@axe-core/playwright';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  expect,
  type Page,
} from '@playwright/test';

// What every page of the story is held to: no console errors, no accessibility violations found by
// axe (WCAG 2.1 A and AA rules), and a screenshot at desktop and phone widths for a person to look at.

const SIZES = [
  ['desktop', { width: 1280, height: 860 }],
  ['phone', { width: 375, height: 780 }],
] as const;

export class BrowserChecks {
  readonly consoleErrors: string[] = [];
  private expectedStatuses: number[] = [];

  /** A context at desktop width whose pages (this one and any opened later) are watched. */
  async open(
    browser: Browser,
    options: BrowserContextOptions = {},
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: SIZES[0][1], ...options });
    context.on('page', (opened) => this.watch(opened));
    return { context, page: await context.newPage() };
  }

  /** Closes the context; no page of it may have logged an error. */
  async close(context: BrowserContext): Promise<void> {
    await context.close();
    expect(this.consoleErrors, 'no console errors on any page').toEqual([]);
  }

  /** Records script errors and console errors of a page (and of any page opened later in its context). */
  watch(page: Page): void {
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      // The browser logs a 4xx answer as a failed resource; only a step that provokes one allows it.
      const status = /Failed to load resource: .* status of (\d{3})/.exec(message.text())?.[1];
      if (status && this.expectedStatuses.includes(Number(status))) return;
      this.consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => this.consoleErrors.push(`${page.url()}: ${error.message}`));
  }

  /** Runs a step whose requests are meant to be refused with these statuses (a field error, a conflict). */
  async expectingHttpErrors<T>(statuses: number[], step: () => Promise<T>): Promise<T> {
    this.expectedStatuses = statuses;
    try {
      return await step();
    } finally {
      this.expectedStatuses = [];
    }
  }

  /** Screenshots at both widths, with an accessibility audit at each. */
  async look(page: Page, name: string): Promise<void> {
    for (const [label, size] of SIZES) {
      await page.setViewportSize(size);
      await page.screenshot({ path: `test-results/screens/${name}-${label}.png`, fullPage: true });
      const { violations } = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      expect(
        violations.map(
          (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target).join(' | ')}`,
        ),
        `accessibility of ${name} at ${label} width`,
      ).toEqual([]);
    }
    await page.setViewportSize(SIZES[0][1]);
  }
}
