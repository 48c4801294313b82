// Replay fixtures (see test/workflows/replay.test.ts and the README's "Contributing" section).
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';

export const HISTORY_DIR = join(__dirname, '..', 'fixtures', 'histories');

/**
 * Keeps the history as the replay fixture `v2-<name>.json` when CIV_RECORD_HISTORIES=1. Fixtures are
 * frozen: an existing one is never overwritten, and a change of the workflow code never comes with
 * new recordings in the same commit.
 */
export async function recordHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.CIV_RECORD_HISTORIES !== '1') return;
  keepHistory(name, await handle.fetchHistory());
}

/** Like recordHistory, for a history already fetched. */
export function keepHistory(name: string, history: unknown): void {
  if (process.env.CIV_RECORD_HISTORIES !== '1') return;
  const file = join(HISTORY_DIR, `v2-${name}.json`);
  if (existsSync(file)) return;
  writeFileSync(file, JSON.stringify(history));
}

/** Every payload in a history, decoded: what the workflow's inputs and results really said. */
export function decodedPayloads(value: unknown, out: string[] = []): string[] {
  if (value instanceof Uint8Array) out.push(Buffer.from(value).toString('utf8'));
  else if (Array.isArray(value)) value.forEach((v) => decodedPayloads(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => decodedPayloads(v, out));
  return out;
}
