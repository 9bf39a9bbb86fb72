import type { EmulatorCore } from '../shared/emulator-app.ts';
import type { ConsentMemory } from './consent-memory.ts';
import type { GoogleStore } from './person-store.ts';
import type { QuotaMeter } from './quotas.ts';
import type { googleSettingsSchema } from './settings.ts';

/** What every Google route needs: the shared core, the contacts, quotas and consents. */
export interface GoogleContext {
  core: EmulatorCore<typeof googleSettingsSchema>;
  store: GoogleStore;
  quotas: QuotaMeter;
  consents: ConsentMemory;
}
