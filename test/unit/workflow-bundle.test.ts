// What the workflow bundle shares between workflows (config/workflow-bundle.ts): the domain and
// wire modules the workflow code runs, evaluated once per worker; nothing it only takes types from.
import { join } from 'node:path';
import { REPO_DIR } from '../../config/paths';
import { sharedWorkflowModules, workflowBundleOptions } from '../../config/workflow-bundle';

const shared = sharedWorkflowModules().map((file) => file.slice(REPO_DIR.length + 1));

test('the modules the workflows call into are preloaded, from domain/ and wire/ only', () => {
  expect(shared).toEqual(
    expect.arrayContaining(['domain/calendar.ts', 'domain/item-state.ts', 'wire/messages.ts']),
  );
  expect(shared.every((file) => /^(domain|wire)\/[\w-]+\.ts$/.test(file))).toBe(true);
  expect(shared.some((file) => file.startsWith('workflows/'))).toBe(false);
});

test('a module the workflows take only types from is not preloaded', () => {
  // workflows/ imports notification.ts and year-record.ts with `import type` only.
  expect(shared).not.toContain('domain/notification.ts');
  expect(shared).not.toContain('domain/year-record.ts');
});

test("our workflows get the preload, a test's own workflows do not", () => {
  expect(workflowBundleOptions().preloadModules).toEqual(sharedWorkflowModules());
  expect(workflowBundleOptions(join(REPO_DIR, 'test', 'fixtures', 'sleeper')).preloadModules).toEqual([]);
});
