import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { createGoogleChecker, isDiscoveryDocument } from './google-discovery.ts';
import { createGraphChecker, isOpenApiDocument } from './graph-openapi.ts';
import { createAjv } from './schema-validation.ts';
import type { ConformanceChecker, Violation } from './types.ts';

export type { ConformanceChecker, Exchange, Violation } from './types.ts';

export const GOOGLE_DISCOVERY_FILE = 'people-v1-discovery.json';
export const GRAPH_OPENAPI_FILE = 'graph-contacts-openapi.yaml';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Where CI puts the shared specs: a sibling of the repository. */
export const DEFAULT_SPECS_DIR = resolve(REPO_ROOT, '../shared/specs');

/**
 * Loads both provider descriptions and compiles their schemas once. Returns `{ skipped }` when the
 * specs are not there, so that a checkout without the shared folder can still run the other tests;
 * a spec that is present but unreadable is an error.
 */
export function loadConformanceChecker(
  specsDir = DEFAULT_SPECS_DIR,
): ConformanceChecker | { skipped: string } {
  const googleFile = join(specsDir, GOOGLE_DISCOVERY_FILE);
  const graphFile = join(specsDir, GRAPH_OPENAPI_FILE);
  const missing = [googleFile, graphFile].filter((file) => !existsSync(file));
  if (missing.length > 0) {
    return {
      skipped:
        `Emulator conformance checks skipped: ${missing.join(' and ')} not found. ` +
        `Place ${GOOGLE_DISCOVERY_FILE} and ${GRAPH_OPENAPI_FILE} in ${specsDir} to validate emulator traffic.`,
    };
  }

  const discovery: unknown = JSON.parse(readFileSync(googleFile, 'utf8'));
  if (!isDiscoveryDocument(discovery)) throw new Error(`${googleFile} is not a discovery document`);
  const openApi: unknown = parseYaml(readFileSync(graphFile, 'utf8'));
  if (!isOpenApiDocument(openApi)) throw new Error(`${graphFile} is not an OpenAPI document`);

  // One ajv per provider keeps their schema ids apart and lets each cache its compiled validators.
  const google = createGoogleChecker(discovery, createAjv());
  const microsoft = createGraphChecker(openApi, createAjv());
  return {
    check(exchange) {
      const checker = exchange.provider === 'google' ? google : microsoft;
      try {
        return checker.check(exchange);
      } catch (error: unknown) {
        // A malformed exchange must come back as data; a test then fails with this message.
        return [internalFailure(exchange.path, error)];
      }
    },
  };
}

function internalFailure(path: string, error: unknown): Violation {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    where: 'route',
    path,
    message: `the conformance checker could not check this exchange: ${reason}`,
  };
}
