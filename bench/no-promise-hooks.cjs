// A diagnostic of `npm run bench` only, never loaded by the service: preloaded into the bench
// worker's Node, it leaves the workflow threads without the promise hook the Temporal SDK installs
// there (a stack trace captured and source-mapped at every promise a workflow creates, for Temporal
// UI's stack-trace view; sdk-typescript#1587), so the bench can say what that hook costs.
const { isMainThread } = require('node:worker_threads');

if (!isMainThread) require('node:v8').promiseHooks.createHook = () => () => {};
