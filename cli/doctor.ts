// `civ doctor`: what is installed, what is running, what is missing, and the command that fixes it.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Connection } from '@temporalio/client';
import type { Command } from 'commander';
import { CHROMIUM } from '../config/chromium';
import { CLI_VERSION, findTemporalCli, findTestServer, INSTALL_COMMAND } from '../stack/toolchain';
import { isListening, PORTS, URLS } from '../stack/services';
import { SEARCH_ATTRIBUTE_FLAGS } from '../wire/search-attributes';
import { connectConfig, TASK_QUEUE } from '../client/connection';
import { hasOfficialHolidayData, localDate, officialDataYears } from '../domain/calendar';
import { CliError } from './errors';

interface Check {
  ok: boolean;
  what: string;
  detail: string;
  fix?: string;
}

function javaVersion(): string | undefined {
  try {
    // `java -version` writes to stderr; 2>&1 through a shell keeps this one line of code.
    return execFileSync('sh', ['-c', 'java -version 2>&1'], { encoding: 'utf8' }).split('\n')[0];
  } catch {
    return undefined;
  }
}

function installed(): Check[] {
  const cli = findTemporalCli();
  const testServer = findTestServer();
  const java = javaVersion();
  return [
    {
      ok: Number(process.versions.node.split('.')[0]) >= 20,
      what: 'Node.js',
      detail: process.version,
      fix: 'install Node.js 20 or newer',
    },
    {
      ok: !!cli,
      what: 'Temporal CLI (dev server + UI)',
      detail: cli ? `${cli.version} — ${cli.path} (${cli.source})` : `v${CLI_VERSION} not found`,
      fix: INSTALL_COMMAND,
    },
    {
      ok: !!testServer,
      what: 'Temporal time-skipping test server',
      detail: testServer ? `${testServer.version} — ${testServer.path}` : 'not installed',
      fix: INSTALL_COMMAND,
    },
    {
      ok: !!java,
      what: 'Java (for the test server)',
      detail: java ?? 'not found',
      fix: 'apt-get install default-jdk-headless',
    },
    {
      ok: existsSync(CHROMIUM),
      what: 'Chromium (for the browser tests)',
      detail: existsSync(CHROMIUM) ? CHROMIUM : `${CHROMIUM} not found`,
      fix: INSTALL_COMMAND,
    },
    holidayCheck(),
  ];
}

/** Which years' official holidays the calendar knows, and whether the current year is one of them. */
function holidayCheck(): Check {
  const year = Number(localDate(Date.now()).slice(0, 4));
  const { first, last } = officialDataYears();
  const next = hasOfficialHolidayData(year + 1)
    ? ''
    : `; ${year + 1} is not: add its schedule to plans/${year}.yaml (the reminders that run into January) ` +
      `and to plans/${year + 1}.yaml (README "Official holidays")`;
  return {
    ok: hasOfficialHolidayData(year),
    what: 'Official holidays (chinese-days)',
    detail: `known for ${first}-${last}${next}`,
    fix: `add the State Council's ${year} schedule under calendar in plans/${year}.yaml (README "Official holidays")`,
  };
}

async function temporalChecks(): Promise<Check[]> {
  const { address, namespace, options } = connectConfig();
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ ...options, connectTimeout: '3s' });
  } catch {
    return [{ ok: false, what: 'Temporal server', detail: `not reachable at ${address}`, fix: 'npm start' }];
  }
  try {
    const checks: Check[] = [{ ok: true, what: 'Temporal server', detail: `reachable at ${address}` }];
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    const missing = SEARCH_ATTRIBUTE_FLAGS.map((f) => f.split('=')[0]).filter(
      (name) => !(name in customAttributes),
    );
    checks.push({
      ok: missing.length === 0,
      what: 'Search attributes',
      detail: missing.length
        ? `missing in namespace ${namespace}: ${missing.join(', ')}`
        : `all ${SEARCH_ATTRIBUTE_FLAGS.length} registered in ${namespace}`,
      fix: 'npx civ setup',
    });
    const { pollers } = await connection.workflowService.describeTaskQueue({
      namespace,
      taskQueue: { name: TASK_QUEUE },
      taskQueueType: 1, // workflow task queue
    });
    checks.push({
      ok: pollers.length > 0,
      what: 'Worker',
      detail: pollers.length
        ? `${pollers.length} polling task queue "${TASK_QUEUE}"`
        : `none polling task queue "${TASK_QUEUE}"`,
      fix: 'npm run worker',
    });
    return checks;
  } finally {
    await connection.close();
  }
}

async function running(): Promise<Check[]> {
  const [ui, smtp, inbox, portal] = await Promise.all([
    isListening(PORTS.ui),
    isListening(PORTS.smtp),
    isListening(PORTS.inbox),
    isListening(PORTS.portal),
  ]);
  return [
    ...(await temporalChecks()),
    { ok: ui, what: 'Temporal UI', detail: ui ? URLS.ui : `nothing on port ${PORTS.ui}`, fix: 'npm start' },
    {
      ok: smtp,
      what: 'SMTP catcher',
      detail: smtp ? URLS.smtp : `nothing on port ${PORTS.smtp}`,
      fix: 'npm start',
    },
    {
      ok: inbox,
      what: 'Mail inbox',
      detail: inbox ? URLS.inbox : `nothing on port ${PORTS.inbox}`,
      fix: 'npm start',
    },
    {
      ok: portal,
      what: 'Portal (personal links in emails)',
      detail: portal ? URLS.portal : `nothing on port ${PORTS.portal}`,
      fix: 'npm start',
    },
  ];
}

function print(title: string, checks: Check[]): void {
  process.stdout.write(`${title}\n`);
  for (const c of checks) {
    process.stdout.write(
      `  ${c.ok ? '✔' : '✘'} ${c.what}: ${c.detail}${c.ok || !c.fix ? '' : `  → fix: ${c.fix}`}\n`,
    );
  }
}

export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('report what is installed, what is running and what is missing')
    .action(async () => {
      const have = installed();
      print('Installed', have);
      const up = await running();
      print('Running', up);
      const failed = [...have, ...up].filter((c) => !c.ok).length;
      if (failed) throw new CliError(`${failed} check(s) failed; run the commands shown after →`);
      process.stdout.write('All green.\n');
    });
}
