import type { Client } from '@temporalio/client';
import type { Plan } from '../../domain/plan';
import type { EvidenceStore } from '../../evidence/store';
import type { Session } from '../session';

export interface RouteLimit {
  config: { rateLimit: { max: number; timeWindow: number } };
}

/** What the app registers each route plugin with: the portal's options, resolved, and its session. */
export interface PortalContext {
  client: Client;
  evidence: EvidenceStore;
  planOf: (year: number, org?: string) => Plan;
  now: () => Date;
  session: Session;
  /** Route options that rate-limit per IP: the links, the signed-in pages, the dashboard. */
  limits: Record<'link' | 'page' | 'dashboard', RouteLimit>;
}
