import type { Client } from '@temporalio/client';
import type { Plan } from '../../domain/plan';
import type { EvidenceStore } from '../../evidence/store';
import type { Session } from '../session';

/** What the app registers each route plugin with: the portal's options, resolved, and its session. */
export interface PortalContext {
  client: Client;
  evidence: EvidenceStore;
  planOf: (year: number, org?: string) => Plan;
  now: () => Date;
  session: Session;
  /** Requests to /l/ per IP and minute. */
  linkRateLimit: number;
}
