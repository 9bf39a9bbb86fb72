import { execFileSync } from 'node:child_process';

export const E2E_USER = { email: 'e2e@example.com', password: 'e2e password 123' };
/** A second user who still has an integration from the older system. */
export const LEGACY_USER = { email: 'legacy@example.com', password: 'legacy password 123' };
export const LEGACY_NAME = 'Old office contact sync';

function cli(args: string[]): void {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: process.env.E2E_DATA_DIR!, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  execFileSync(process.execPath, ['bin/contact-sync.js', ...args], { env, stdio: 'pipe' });
}

/** The users the browser logs in as, created with the CLI on the server's own data folder. */
export default function globalSetup() {
  for (const user of [E2E_USER, LEGACY_USER]) {
    try {
      cli(['users', 'create', '--email', user.email, '--password', user.password]);
    } catch (error: unknown) {
      // A second run on the same folder finds the user already there.
      if (!String((error as { stderr?: Buffer }).stderr ?? '').includes('email_taken')) throw error;
      continue;
    }
    if (user === LEGACY_USER) {
      cli(['legacy-integrations', 'add', '--user', user.email, '--kind', 'contacts', '--name', LEGACY_NAME]);
    }
  }
}
