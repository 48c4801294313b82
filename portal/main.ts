// `npm run portal`: the portal on its own, against any Temporal cluster (the standard Temporal
// environment), with its signing keys from CIV_PORTAL_SECRET or CIV_PORTAL_KEYS_FILE (beside the
// local stack, the key `npm start` keeps in the data folder) and its public address from CIV_PORTAL_URL. It keeps no state of its own: run as many as needed behind a proxy.
import { readPlan } from '../config/plan-files';
import { connectClient, connectConfig } from '../client/connection';
import { FileEvidenceStore } from '../evidence/store';
import { existsSync, readFileSync } from 'node:fs';
import { stackSecretPath } from '../config/paths';
import { loadLinkKeys, portalUrl, type LinkKeys } from '../links/keys';
import { buildPortal } from './app';
import { secureCookiesFor } from './session';

async function main(): Promise<void> {
  const keys = portalKeys();
  const url = new URL(portalUrl());
  const client = await connectClient().catch((err: Error) => {
    throw new Error(`cannot reach Temporal at ${connectConfig().address}: ${err.message}`, { cause: err });
  });
  const app = await buildPortal({
    client,
    keys,
    evidence: new FileEvidenceStore(),
    planOf: readPlan,
    secureCookies: secureCookiesFor(url),
    trustedProxies: trustedProxies(),
    logger: true,
  });
  const port = Number(process.env.CIV_PORTAL_PORT ?? (url.port || 8080));
  const host = process.env.CIV_PORTAL_HOST ?? '127.0.0.1';
  await app.listen({ port, host });
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** The environment's keys, else the local stack's (said on stdout, never the key itself). */
function portalKeys(): LinkKeys {
  const keys = loadLinkKeys();
  if (keys) return keys;
  const file = stackSecretPath();
  const stack = existsSync(file)
    ? loadLinkKeys({ CIV_PORTAL_SECRET: readFileSync(file, 'utf8').trim() })
    : undefined;
  if (!stack)
    throw new Error(
      `no link key: set CIV_PORTAL_SECRET (or CIV_PORTAL_KEYS_FILE) to the workers' key; beside \`npm start\`, CIV_DATA_DIR to its data folder (no ${file} here)`,
    );
  process.stdout.write(`portal: links checked with the local stack's key (${file})\n`);
  return stack;
}

/** `CIV_PORTAL_TRUSTED_PROXIES`: the proxies in front of this portal, comma-separated addresses or CIDRs. */
function trustedProxies(): string[] {
  return (process.env.CIV_PORTAL_TRUSTED_PROXIES ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

main().catch((err: unknown) => {
  process.stderr.write(`portal: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
