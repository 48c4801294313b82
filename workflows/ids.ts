// Readable workflow ids (DESIGN §6), so Temporal UI lists the plan the way the office reads it.
export const taskWorkflowId = (year: number, task: string): string => `civ-${year}-task-${task}`;
