// `civ setup`: what a real cluster needs once before the first year starts (the local dev server
// gets it on its command line): the custom search attributes Temporal UI filters on.
import type { Command } from 'commander';
import { connectConfig } from '../client/connection';
import { ensureSearchAttributes } from '../client/search-attributes-setup';
import { withClient } from './item-commands';
import { SEARCH_ATTRIBUTE_FLAGS } from '../wire/search-attributes';

export function registerSetupCommand(program: Command): void {
  program
    .command('setup')
    .description('register the custom search attributes in $TEMPORAL_NAMESPACE (idempotent)')
    .action(async () => {
      const { namespace } = connectConfig();
      const added = await withClient((client) => ensureSearchAttributes(client.connection, namespace));
      process.stdout.write(
        added.length
          ? `search attributes added in ${namespace}: ${added.join(', ')}\n`
          : `search attributes: all ${SEARCH_ATTRIBUTE_FLAGS.length} already registered in ${namespace}\n`,
      );
    });
}
