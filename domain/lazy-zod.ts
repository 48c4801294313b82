// zod, loaded on first use. Temporal's workflow sandbox evaluates every module a workflow imports
// once per workflow it creates (and again whenever an evicted one is replayed), and zod is the
// largest module in the workflow bundle; most workflow activations never validate anything. So the
// schemas of the modules workflows import are built by functions, on the first validation.
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as Zod from 'zod';

export function zod(): typeof Zod {
  return require('zod');
}

/** `build`'s value, computed on the first call. */
export function once<T>(build: () => T): () => T {
  let value: { built: T } | undefined;
  return () => (value ??= { built: build() }).built;
}
