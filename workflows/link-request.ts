// A fresh link asked for at the portal's front door: the email activity finds who the address is in
// the open plans and mails that person their links, through the same delivery (ledger, retries,
// SMTP) as every other mail. An address no plan knows gets nothing, and the asker is told the same.
import { ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { EMAIL_ACTIVITY_OPTIONS } from '../domain/delivery';
import { EMAIL_ADDRESS, type LinkRequestInput, type LinkRequestResult } from '../wire/link-request';

const { sendRequestedLinks } = proxyActivities<Activities>({
  ...EMAIL_ACTIVITY_OPTIONS,
  startToCloseTimeout: '5 minutes',
});

export async function linkRequestWorkflow(input: LinkRequestInput): Promise<LinkRequestResult> {
  const email = typeof input?.email === 'string' ? input.email.trim() : '';
  if (email.length > 254 || !EMAIL_ADDRESS.test(email))
    throw ApplicationFailure.nonRetryable(
      'input must be like {"email": "he.min@example.gov.cn"}',
      'InvalidInput',
    );
  return sendRequestedLinks({ email });
}
