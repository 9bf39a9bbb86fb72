import { startGoogleEmulator } from '../emulators/google/index.ts';
import { startMicrosoftEmulator } from '../emulators/microsoft/index.ts';

/** `contact-sync emulate`: both emulators, their base URLs printed once both listen. */
export async function emulate(options: {
  googlePort: number;
  microsoftPort: number;
  host: string;
}): Promise<void> {
  const [google, microsoft] = await Promise.all([
    startGoogleEmulator({ port: options.googlePort, host: options.host }),
    startMicrosoftEmulator({ port: options.microsoftPort, host: options.host }),
  ]);
  process.stdout.write(`google ${google.url}\nmicrosoft ${microsoft.url}\n`);
  const stop = async () => {
    await Promise.all([google.close(), microsoft.close()]);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
