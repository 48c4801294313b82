// The limits an item page states on its report form, as the portal sets them by default.
import {
  EVIDENCE_MAX_FILE_BYTES,
  EVIDENCE_MAX_REPORT_BYTES,
  EVIDENCE_QUOTAS,
} from '../../evidence/content-type';

export const DEFAULT_UPLOADS = {
  perFile: EVIDENCE_MAX_FILE_BYTES,
  perReport: EVIDENCE_MAX_REPORT_BYTES,
  ...EVIDENCE_QUOTAS,
};
