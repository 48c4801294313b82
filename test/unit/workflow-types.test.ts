// Clients start workflows by the names in wire/workflow-types.ts; the worker registers the exports
// of workflows/index.ts. The two must name the same functions, with the same signatures.
import * as workflows from '../../workflows';
import {
  type FestivalWorkflow,
  type PlanWorkflow,
  type TaskWorkflow,
  type ThemeStarterWorkflow,
  type ThemeWorkflow,
  WORKFLOW_TYPES,
} from '../../wire/workflow-types';
import type { LinkRequestWorkflow } from '../../wire/link-request';

test('every workflow type a client names is registered under that name', () => {
  expect(Object.values(WORKFLOW_TYPES).sort()).toEqual(Object.keys(workflows).sort());
});

test('the registered functions have the signatures clients start them with', () => {
  // Checked by the type checker: a changed input or result type fails `npm run typecheck`.
  const typed: [
    PlanWorkflow,
    TaskWorkflow,
    ThemeWorkflow,
    FestivalWorkflow,
    ThemeStarterWorkflow,
    LinkRequestWorkflow,
  ] = [
    workflows[WORKFLOW_TYPES.plan],
    workflows[WORKFLOW_TYPES.task],
    workflows[WORKFLOW_TYPES.theme],
    workflows[WORKFLOW_TYPES.festival],
    workflows[WORKFLOW_TYPES.themeStarter],
    workflows[WORKFLOW_TYPES.linkRequest],
  ];
  expect(typed.every((f) => typeof f === 'function')).toBe(true);
});
