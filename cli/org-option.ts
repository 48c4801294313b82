// `civ --org <key>` (or $CIV_ORG): which organization's plans a command works on. Without it, the
// home organization's (`plans/<year>.yaml`, ids `civ-<year>-…`); with it, `plans/<key>/<year>.yaml`
// and ids `civ-<key>-<year>-…` (domain/organization.ts). Set once, when the command line is parsed.
import type { Command } from 'commander';
import { isOrgKey, ORG_KEY_RULE } from '../domain/organization';
import { CliError } from './errors';

let current: string | undefined;

export function registerOrgOption(program: Command): void {
  program.option(
    '--org <key>',
    'the organization whose plans to use (default $CIV_ORG, else the home organization)',
  );
  program.hook('preAction', () => {
    const value = (program.opts<{ org?: string }>().org ?? process.env.CIV_ORG) || undefined;
    if (value !== undefined && !isOrgKey(value)) throw new CliError(`--org "${value}": ${ORG_KEY_RULE}`);
    current = value;
  });
}

/** The organization named on the command line; undefined for the home organization. */
export function cliOrg(): string | undefined {
  return current;
}
