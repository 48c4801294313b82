// The fresh-link request the portal's front door starts: one workflow per address and quarter of an
// hour (its id says which), so asking again within it sends nothing more. Its input is the address
// as typed, checked by the workflow; its result says only whether a mail went out.

/** How long one request stands: repeats for the same address within it are the same workflow. */
export const LINK_REQUEST_BUCKET_MS = 15 * 60_000;

export interface LinkRequestInput {
  email: string;
}

export interface LinkRequestResult {
  /** Whether a plan knew the address and the mail with its links was sent. */
  sent: boolean;
}

export type LinkRequestWorkflow = (input: LinkRequestInput) => Promise<LinkRequestResult>;

/** An address as the front door takes it: one plain address, nothing that could add a recipient. */
export const EMAIL_ADDRESS =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+$/;
