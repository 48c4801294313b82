// Registers the custom search attributes on a namespace that lacks them: the local dev server gets
// them on its command line, a real cluster (or the test server) through this call.
import type { Connection } from '@temporalio/client';
import { status } from '@grpc/grpc-js';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTE_FLAGS } from '../wire/search-attributes';

const { IndexedValueType } = temporal.api.enums.v1;

const TYPES: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  Int: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Datetime: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  KeywordList: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

/** Adds the missing ones and returns their names; existing ones are left alone. */
export async function ensureSearchAttributes(
  connection: Pick<Connection, 'operatorService'>,
  namespace: string,
): Promise<string[]> {
  const customAttributes = await connection.operatorService
    .listSearchAttributes({ namespace })
    .then((r) => r.customAttributes)
    // Temporal's Java test server can add search attributes but not list them.
    .catch((err: { code?: number }) => {
      if (err.code === status.UNIMPLEMENTED) return {};
      throw err;
    });
  const missing = Object.fromEntries(
    SEARCH_ATTRIBUTE_FLAGS.map((flag) => flag.split('='))
      .filter(([name]) => !(name in customAttributes))
      .map(([name, type]) => [name, TYPES[type]]),
  );
  if (Object.keys(missing).length) {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: missing });
  }
  return Object.keys(missing);
}
