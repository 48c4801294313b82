// Every workflow the worker registers.
export { festivalWorkflow } from './festival';
export { linkRequestWorkflow } from './link-request';
export { planWorkflow } from './plan';
export { taskWorkflow } from './task';
export { themeWorkflow } from './theme';
export { monthlyThemeStarter } from './theme-starter';
