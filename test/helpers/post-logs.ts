import { uidLogsRequest } from './logs-load.js';

/** Posts OTLP/JSON logs whose records carry the given uids to `table`; resolves to the status. */
export async function postUidLogs(url: string, table: string, uids: string[]): Promise<number> {
  const response = await fetch(`${url}/v1/logs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-databricks-uc-table-name': table },
    body: uidLogsRequest(uids),
  });
  await response.arrayBuffer();
  return response.status;
}
