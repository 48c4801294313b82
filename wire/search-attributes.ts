// Custom search attributes: what an admin filters on in Temporal UI, e.g.
// `CivYear = 2020 AND CivState = "overdue"`. Shared by workflows, client and the local stack.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const CivYear = defineSearchAttributeKey('CivYear', SearchAttributeType.INT);
/** The organization key of the plan (domain/organization.ts); unset for the home organization. */
export const CivOrg = defineSearchAttributeKey('CivOrg', SearchAttributeType.KEYWORD);
export const CivKind = defineSearchAttributeKey('CivKind', SearchAttributeType.KEYWORD);
export const CivTask = defineSearchAttributeKey('CivTask', SearchAttributeType.KEYWORD);
export const CivState = defineSearchAttributeKey('CivState', SearchAttributeType.KEYWORD);
export const CivDue = defineSearchAttributeKey('CivDue', SearchAttributeType.DATETIME);
export const CivPending = defineSearchAttributeKey('CivPending', SearchAttributeType.KEYWORD_LIST);
/** The annual plan workflow: how many of its items are overdue now. */
export const CivOverdue = defineSearchAttributeKey('CivOverdue', SearchAttributeType.INT);

/** `Name=Type` pairs as `temporal server start-dev --search-attribute` and the CLI take them. */
export const SEARCH_ATTRIBUTE_FLAGS: readonly string[] = [
  'CivYear=Int',
  'CivOrg=Keyword',
  'CivKind=Keyword',
  'CivTask=Keyword',
  'CivState=Keyword',
  'CivDue=Datetime',
  'CivPending=KeywordList',
  'CivOverdue=Int',
];
