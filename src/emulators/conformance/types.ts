/** One HTTP round trip between a test client and an emulator, with bodies already parsed as JSON. */
export interface Exchange {
  provider: 'google' | 'microsoft';
  /** HTTP method, any case. */
  method: string;
  /** URL path as sent to the emulator, e.g. `/v1/people/c123:updateContact` or `/v1.0/me/contacts/delta`. */
  path: string;
  query: Record<string, string | string[]>;
  /** Parsed JSON request body; absent when the request had none. */
  requestBody?: unknown;
  status: number;
  /** Parsed JSON response body; absent when the response had none. */
  responseBody?: unknown;
}

export interface Violation {
  where: 'request' | 'response' | 'route';
  /** Discovery method id (`people.people.get`) or OpenAPI operationId (`users_GetContacts`), once known. */
  operation?: string;
  /**
   * Where in the exchange: a body location such as `connections[3].names[0].givenName` (empty for the
   * whole body), `query.<name>` for a query parameter, or the URL path for a route problem.
   */
  path: string;
  message: string;
}

export interface ConformanceChecker {
  /** Every way the exchange departs from the provider's published description; empty when it conforms. */
  check(exchange: Exchange): Violation[];
}
