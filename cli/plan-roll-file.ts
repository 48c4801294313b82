// The text of a rolled plan file: the old file's YAML document with the rolled values put in
// place, so the office's comments (every "Choice" note) survive the roll. Only values that changed
// are replaced; what the roll dropped (the old 文号, notice, calendar corrections) is removed; nested
// values the old file left to their defaults stay unwritten.
import { type Document, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { Plan } from '../domain/plan';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `node` made to hold `value`, keeping its comments and style where its shape stays the same. */
function carry(doc: Document, node: unknown, value: unknown): unknown {
  if (isMap(node) && isRecord(value)) {
    node.items = node.items.filter((pair) => {
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      return typeof key === 'string' && value[key] !== undefined;
    });
    for (const pair of node.items) {
      const key = (isScalar(pair.key) ? pair.key.value : pair.key) as string;
      pair.value = carry(doc, pair.value, value[key]);
    }
    return node;
  }
  if (isSeq(node) && Array.isArray(value) && node.items.length === value.length) {
    node.items = node.items.map((item, i) => carry(doc, item, value[i]));
    return node;
  }
  if (isScalar(node) && !isRecord(value) && !Array.isArray(value)) {
    if (node.value !== value) node.value = value;
    return node;
  }
  // A new shape (a list that grew or shrank): written anew, its old comment kept above it.
  const fresh = doc.createNode(value);
  if (isPair(node) || !node || typeof node !== 'object') return fresh;
  const { commentBefore } = node as { commentBefore?: string | null };
  if (commentBefore) fresh.commentBefore = commentBefore;
  return fresh;
}

/**
 * The rolled plan written over `sourceText` (the old plan file, YAML or JSON), headed by `header`
 * (comment lines without their `#`) in place of the old file's opening comment.
 */
export function rolledPlanText(sourceText: string, rolled: Plan, header: string[]): string {
  const doc = parseDocument(sourceText);
  doc.contents = carry(doc, doc.contents, rolled) as typeof doc.contents;
  // A part the new plan has and the old file had not (weekendsOnly written by the rollover): added
  // at the end. Nested defaults are not: the old file left them to the defaults.
  for (const [key, value] of Object.entries(rolled))
    if (value !== undefined && !doc.has(key)) doc.set(key, doc.createNode(value));
  doc.commentBefore = header.map((line) => (line ? ` ${line}` : '')).join('\n');
  return doc.toString({ lineWidth: 0 });
}
