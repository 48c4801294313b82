import type { Client } from '@temporalio/client';
import type { Plan } from '../../domain/plan';
import type { LinkKeys } from '../../links/keys';
import type { EvidenceQuotas } from '../../evidence/content-type';
import type { UploadStore } from '../../evidence/store';
import type { Session } from '../session';

export interface RouteLimit {
  config: { rateLimit: { max: number; timeWindow: number } };
}

/** What the app registers each route plugin with: the portal's options, resolved, and its session. */
export interface PortalContext {
  client: Client;
  evidence: UploadStore;
  planOf: (year: number, org?: string) => Plan;
  now: () => Date;
  session: Session;
  /** The link keys: the front door's form token is made with them. */
  keys: LinkKeys;
  /** Whether cookies are Secure and `__Host-` (not on a loopback portal). */
  secureCookies: boolean;
  /** Where the front door's request workflow is started. */
  taskQueue: string;
  /** How large one file, and one report's files together, may be (bytes). */
  uploads: { perFile: number; perReport: number };
  quotas: EvidenceQuotas;
  /** Route options that rate-limit per IP: the links, the signed-in pages, the dashboard, the front door's request. */
  limits: Record<'link' | 'page' | 'dashboard' | 'linkRequest', RouteLimit>;
}
