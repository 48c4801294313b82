// One place that turns the standard Temporal environment settings (TEMPORAL_ADDRESS,
// TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS*, or a TEMPORAL_PROFILE in the config file)
// into connection options, so worker and CLI run unchanged against a cluster or Temporal Cloud.
import { Client, Connection } from '@temporalio/client';
import { loadClientConnectConfig } from '@temporalio/envconfig';

export const TASK_QUEUE = process.env.CIV_TASK_QUEUE ?? 'civ';

export function connectConfig(): {
  address: string;
  namespace: string;
  options: ReturnType<typeof loadClientConnectConfig>['connectionOptions'];
} {
  const config = loadClientConnectConfig();
  return {
    address: config.connectionOptions.address ?? 'localhost:7233',
    namespace: config.namespace ?? 'default',
    options: config.connectionOptions,
  };
}

export async function connectClient(): Promise<Client> {
  const { namespace, options } = connectConfig();
  const connection = await Connection.connect({ ...options, connectTimeout: '5s' });
  return new Client({ connection, namespace });
}
