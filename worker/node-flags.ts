// How every launcher starts the worker's Node (`npm run worker` repeats it in package.json). V8 sizes
// its heaps after the machine's memory and collects late: on this 23.5 GB machine the worker reached
// 741 MB at 200 organizations, mostly garbage, and 462 MB as fast with the old generation capped at
// 256 MB (BENCHMARKS.md). The workflow threads inherit the cap. It leaves room for the default
// workflow cache (CIV_MAX_CACHED_WORKFLOWS = 100); a much larger cache needs a larger cap.
export const WORKER_NODE_FLAGS: readonly string[] = ['--max-old-space-size=256'];
