/**
 * What Google remembers about earlier consents. It issues a refresh token on the first offline
 * consent of a person to a client, and afterwards only when `prompt=consent` forces the screen again.
 */
export class ConsentMemory {
  private granted = new Set<string>();
  /** The `prompt` parameter of consents still waiting on the consent page, by consent id. */
  private prompts = new Map<string, string | undefined>();

  rememberPrompt(consentId: string, prompt: string | undefined): void {
    this.prompts.set(consentId, prompt);
  }

  takePrompt(consentId: string): string | undefined {
    const prompt = this.prompts.get(consentId);
    this.prompts.delete(consentId);
    return prompt;
  }

  /** Records the consent and says whether this one earns a refresh token. */
  consent(email: string, clientId: string, offline: boolean, prompt: string | undefined): boolean {
    const key = `${email} ${clientId}`;
    const first = !this.granted.has(key);
    this.granted.add(key);
    const forced = (prompt ?? '').split(/\s+/).includes('consent');
    return offline && (first || forced);
  }

  /** Revoking a token ends the grant, so the next consent is a first one again. */
  forget(email: string, clientId: string): void {
    this.granted.delete(`${email} ${clientId}`);
  }

  reset(): void {
    this.granted.clear();
    this.prompts.clear();
  }
}
