import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { devServerEnv, workflowBundle } from '../helpers/temporal';
import { tagged } from '../fixtures/sleeper';
import { CivKind, CivYear } from '../../wire/search-attributes';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await devServerEnv();
});
afterAll(() => env?.teardown());

test('a workflow with custom search attributes is found by a visibility query', async () => {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace,
    taskQueue: 'probe',
    workflowBundle: await workflowBundle(require.resolve('../fixtures/sleeper')),
  });
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(tagged, {
      args: [2020],
      workflowId: 'civ-2020-probe',
      taskQueue: 'probe',
      typedSearchAttributes: [{ key: CivYear, value: 2020 }],
    });
    await env.client.workflow.start(tagged, {
      args: [2021],
      workflowId: 'civ-2021-probe',
      taskQueue: 'probe',
    });
    let ids: string[] = [];
    for (let i = 0; i < 50 && ids.length === 0; i++) {
      ids = [];
      for await (const wf of env.client.workflow.list({ query: 'CivYear = 2020 AND CivKind = "probe"' }))
        ids.push(wf.workflowId);
      if (!ids.length) await new Promise((r) => setTimeout(r, 200));
    }
    expect(ids).toEqual(['civ-2020-probe']);
    const description = await handle.describe();
    expect(description.typedSearchAttributes.get(CivYear)).toBe(2020);
    expect(description.typedSearchAttributes.get(CivKind)).toBe('probe');
    await handle.terminate('probe done');
  });
});
