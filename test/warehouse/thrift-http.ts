import { TCLIService, thrift, type ThriftTransport } from './thrift-defs.js';

/**
 * One Thrift call per HTTP POST, as the connector's ThriftHttpConnection sends them: a
 * TBinaryProtocol message in a TBufferedTransport frame (no framing, no HTTP chunking of
 * messages), answered in the same encoding in the response body.
 */

/** The method name of a Thrift message, without consuming it; undefined if it is not one. */
export function thriftMethodName(body: Buffer): string | undefined {
  let name: string | undefined;
  try {
    thrift.TBufferedTransport.receiver((transport: ThriftTransport) => {
      name = new thrift.TBinaryProtocol(transport).readMessageBegin().fname;
    })(body);
  } catch {
    return undefined;
  }
  return name;
}

/** Runs the message through the generated TCLIService processor with `handler`; resolves to the reply. */
export function processThrift(body: Buffer, handler: object): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const processor = new TCLIService.Processor(handler);
    try {
      thrift.TBufferedTransport.receiver((transport: ThriftTransport) => {
        const input = new thrift.TBinaryProtocol(transport);
        const output = new thrift.TBinaryProtocol(new thrift.TBufferedTransport(undefined, resolve));
        processor.process(input, output);
      })(body);
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
