import diagnosticsChannel from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';

/** One HTTP request an exporter sent, as this process's HTTP client saw it. */
export interface WireRequest {
  path: string;
  table: string | undefined;
  contentType: string | undefined;
  contentEncoding: string | undefined;
  status: number | undefined;
}

/**
 * Records every HTTP request this process sends and the status it got, through Node's
 * `http.client.response.finish` diagnostics channel: the tests use it to show that each variant
 * really went over the wire with the content type and encoding it names (the exporters set
 * `Content-Encoding` themselves, so it is read once the request is complete).
 */
export function watchWire(): { requests: WireRequest[]; stop: () => void } {
  const requests: WireRequest[] = [];
  const onFinish = (message: unknown) => {
    const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
    const header = (name: string) => {
      const value = request.getHeader(name);
      return value === undefined ? undefined : String(value);
    };
    requests.push({
      path: request.path,
      table: header('x-databricks-uc-table-name'),
      contentType: header('content-type'),
      contentEncoding: header('content-encoding'),
      status: response.statusCode,
    });
  };
  diagnosticsChannel.subscribe('http.client.response.finish', onFinish);
  return { requests, stop: () => diagnosticsChannel.unsubscribe('http.client.response.finish', onFinish) };
}
