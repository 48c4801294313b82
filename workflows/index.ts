// Every workflow the worker registers.
export { taskWorkflow } from './task';
