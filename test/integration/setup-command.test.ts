// `civ setup` on a plain dev server of its own, as on a fresh cluster. Not in `npm run test:cluster`:
// there, `scripts/cluster.sh up` runs `civ setup` on the cluster itself.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { requireTemporalCli } from '../../stack/toolchain';

const run = promisify(execFile);

test('civ setup registers the search attributes on a server that lacks them, once', async () => {
  // A plain dev server, like a fresh cluster: none of our search attributes.
  const plain = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: requireTemporalCli().path },
      extraArgs: ['--log-level', 'error'],
    },
  });
  try {
    const setup = () =>
      run(process.execPath, ['bin/civ.js', 'setup'], {
        cwd: resolve(__dirname, '../..'),
        env: { ...process.env, TEMPORAL_ADDRESS: plain.address, TEMPORAL_NAMESPACE: 'default' },
      });
    expect((await setup()).stdout).toBe(
      'search attributes added in default: CivYear, CivOrg, CivKind, CivTask, CivState, CivDue, CivPending, CivOverdue\n',
    );
    expect((await setup()).stdout).toBe('search attributes: all 8 already registered in default\n');
    const { customAttributes } = await plain.connection.operatorService.listSearchAttributes({
      namespace: 'default',
    });
    expect(Object.keys(customAttributes)).toEqual(
      expect.arrayContaining([
        'CivYear',
        'CivOrg',
        'CivKind',
        'CivTask',
        'CivState',
        'CivDue',
        'CivPending',
        'CivOverdue',
      ]),
    );
  } finally {
    await plain.teardown();
  }
});
