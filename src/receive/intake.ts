import type { TableName } from '../route/table-name.js';
import type { BodyFormat } from '../rows/decode.js';
import type { TableKind } from '../schema/types.js';

/** A validated request, handed on once its rows are known to be good. */
export interface AcceptedRequest {
  table: TableName;
  kind: TableKind;
  format: BodyFormat;
  rowCount: number;
  /** The body as decoded from its Content-Encoding. */
  body: Uint8Array;
}

/** `spooled`: durable, answer 200; `full`: no room now, answer 503. */
export type IntakeOutcome = { status: 'spooled' } | { status: 'full' };

/**
 * The one thing receive/ needs from what lies behind it: take a validated request durably, or
 * say there is no room. Declared on this side, so that the HTTP layer depends on this port and
 * not on the export loop, which implements it (service.ts wires the two).
 */
export interface Intake {
  accept(request: AcceptedRequest): Promise<IntakeOutcome>;
}
