import { execFileSync } from 'node:child_process';

export const E2E_USER = { email: 'e2e@example.com', password: 'e2e password 123' };

/** The user the browser logs in as, created with the CLI on the server's own data folder. */
export default function globalSetup() {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: process.env.E2E_DATA_DIR!, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  try {
    execFileSync(
      process.execPath,
      ['bin/contact-sync.js', 'users', 'create', '--email', E2E_USER.email, '--password', E2E_USER.password],
      {
        env,
        stdio: 'pipe',
      },
    );
  } catch (error: unknown) {
    // A second run on the same folder finds the user already there.
    if (!String((error as { stderr?: Buffer }).stderr ?? '').includes('email_taken')) throw error;
  }
}
