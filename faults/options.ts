// The command line of `npm run faults:kill-worker` and the seeded random numbers it draws from, so
// that a run can be repeated with the seed it printed.

export interface KillWorkerOptions {
  kills: number;
  seed: number;
  year: number;
  /** Branches that report late, as in `civ year preview --late`: escalations get their share of kills. */
  late: string[];
  /** Keep the run's directory (worker logs, ledgers, bundle) instead of removing it. */
  keep: boolean;
}

function value(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = argv[i + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`--${name} needs a value`);
  return v;
}

function integer(text: string | undefined, name: string, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`--${name} must be an integer ≥ ${min}, got "${text}"`);
  return n;
}

export function parseOptions(argv: string[]): KillWorkerOptions {
  const known = new Set(['--kills', '--seed', '--year', '--late', '--keep']);
  for (const a of argv) if (a.startsWith('--') && !known.has(a)) throw new Error(`unknown option ${a}`);
  const late = value(argv, 'late');
  return {
    kills: integer(value(argv, 'kills'), 'kills', 12, 0),
    seed: integer(value(argv, 'seed'), 'seed', Math.floor(Math.random() * 2 ** 31), 0),
    year: integer(value(argv, 'year'), 'year', 2020, 2000),
    late: late === undefined ? ['legal'] : late.split(',').filter((b) => b !== ''),
    keep: argv.includes('--keep'),
  };
}

/** mulberry32: small, fast and good enough to place kills; the same seed gives the same kills. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
