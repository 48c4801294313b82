// What the pieces of an item's workflow share: the item as it runs.
import type { WorkCalendar } from '../domain/calendar';
import type { ItemDefinition } from '../domain/item-definition';
import type { ItemState } from '../domain/item-state';
import type { ItemKind } from '../domain/year-record';

export interface RunningItem {
  readonly kind: ItemKind;
  readonly workflowId: string;
  /** Its definition; a change of lead updates it in place, and continue-as-new carries it on. */
  readonly def: ItemDefinition;
  /** The definition's working-day calendar, fixed at its start. */
  readonly cal: WorkCalendar;
  /** The latest due date an extension or a return may set (the year's review days stay free). */
  readonly latestDue: string;
  readonly state: ItemState;
}
