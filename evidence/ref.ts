// How a report names a stored evidence file: `sha256:<64 hex>` in its `evidence` list, next to the
// http(s) links that stay allowed there. Pure string work, no I/O and no Node modules, so workflow
// code may import it (the workflow bundle has no fs and must stay deterministic).

const REF_PREFIX = 'sha256:';
const HASH = /^[0-9a-f]{64}$/;
const REF = /^sha256:([0-9a-f]{64})$/i;

/** Whether `value` is a hash as the evidence store names files: sha256, 64 lower-case hex digits. */
export function isEvidenceHash(value: string): boolean {
  return HASH.test(value);
}

/** The reference to put in a report's `evidence` list for the stored file with this hash. */
export function evidenceRef(hash: string): string {
  if (!isEvidenceHash(hash)) throw new RangeError(`not a sha256 hex digest: "${hash}"`);
  return `${REF_PREFIX}${hash}`;
}

/**
 * The hash a report's evidence entry refers to, or undefined when the entry is something else (a
 * link, a share path, garbage). Hex digits are accepted in either case, since people copy them by
 * hand, and returned lower-case, as the store names its files.
 */
export function parseEvidenceRef(text: string): string | undefined {
  const match = REF.exec(text.trim());
  return match ? match[1].toLowerCase() : undefined;
}
