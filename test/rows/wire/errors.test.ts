/**
 * Bodies the new reader refuses, with the message it gives; and, pinned down one by one, the
 * places where it knowingly departs from the old path (`src/rows/wire/index.ts`, points 1-6).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OtlpDecodeError } from '../../../src/otlp/decode-error.js';
import type { FlattenResult } from '../../../src/rows/flatten-result.js';
import {
  concat,
  fBytes,
  fDouble,
  fFixed32,
  fFixed64,
  fGroup,
  fMessage,
  fString,
  fVarint,
  tag,
  varintBytes,
  WT,
} from './gen.js';
import { sdkLogs } from './sdk.js';
import { checkAgrees, LOGS, METRICS, type Signal, TRACES } from './signals.js';

function rejects(signal: Signal, body: Uint8Array, message: RegExp | string, old: 'rejects' | 'accepts' = 'rejects'): void {
  let thrown: unknown;
  try {
    signal.new(body);
  } catch (error) {
    thrown = error;
  }
  assert.ok(thrown instanceof OtlpDecodeError, `expected an OtlpDecodeError, got ${String(thrown)}`);
  if (typeof message === 'string') assert.equal(thrown.message, message);
  else assert.match(thrown.message, message);
  checkAgrees(signal, body);
  if (old === 'rejects') assert.throws(() => signal.old(body), OtlpDecodeError, 'the old path rejects it too');
  else assert.doesNotThrow(() => signal.old(body), 'the old path accepts it (a documented departure)');
}

const oneRecord = (...fields: Uint8Array[]) => fMessage(1, [fMessage(2, [fMessage(2, fields)])]);
const oneSpan = oneRecord;
const oneMetric = oneRecord;
const bodyText = (result: FlattenResult) => result.rows[0]!.body;

describe('bodies both paths refuse', () => {
  it('truncated bodies and fields running past their message', () => {
    const body = sdkLogs();
    for (let end = 1; end < body.length; end += 7) {
      assert.throws(() => LOGS.new(body.subarray(0, end)), OtlpDecodeError, `prefix of ${end} bytes`);
    }
    rejects(LOGS, body.subarray(0, body.length - 3), /^not a valid protobuf ExportLogsServiceRequest: truncated message/);
    // resource_metrics { schema_url: 5 bytes declared, 2 sent }
    rejects(METRICS, Uint8Array.of(0x0a, 0x04, 0x1a, 0x05, 0x61, 0x62), /^not a valid protobuf ExportMetricsServiceRequest: truncated message/);
    // a sub-message longer than the message that holds it
    rejects(LOGS, fMessage(1, [concat([tag(2, WT.LEN), varintBytes(50), fString(3, 'x')])]), /truncated message/);
    // a fixed64 cut short, a packed field whose length is not a multiple of 8
    rejects(LOGS, oneRecord(concat([tag(1, WT.I64), Uint8Array.of(1, 2, 3)])), /truncated message/);
    rejects(METRICS, oneMetric(fMessage(9, [fMessage(1, [fBytes(7, new Uint8Array(12))])])), /packed field's length is not a multiple/);
  });

  it('strings that are not UTF-8, wherever they are (entity_refs and replaced values too)', () => {
    const bad = Uint8Array.of(0x61, 0xc3, 0x28);
    rejects(LOGS, oneRecord(fBytes(12, bad)), /^not a valid protobuf ExportLogsServiceRequest: a string field at byte \d+ is not valid UTF-8 \(in resourceLogs\[0\]\.scopeLogs\[0\]\.logRecords\[0\]\)$/);
    rejects(LOGS, oneRecord(fMessage(6, [fBytes(1, bad)])), /not valid UTF-8/);
    rejects(LOGS, fMessage(1, [fMessage(1, [fMessage(3, [fBytes(3, bad)])])]), /not valid UTF-8/); // Resource.entity_refs
    rejects(LOGS, oneRecord(fMessage(5, [fBytes(1, bad), fVarint(3, 1)])), /not valid UTF-8/); // replaced oneof member
    rejects(LOGS, oneRecord(fMessage(5, [fMessage(6, [fMessage(1, [fBytes(1, Uint8Array.of(0xed, 0xa0, 0x80))])])])), /not valid UTF-8/); // a surrogate
    const longBad = new Uint8Array(100).fill(0x61);
    longBad[60] = 0xff;
    rejects(TRACES, oneSpan(fBytes(5, longBad)), /not valid UTF-8/);
  });

  it('ids of the wrong length, with the old path message and path', () => {
    rejects(TRACES, oneSpan(fBytes(1, new Uint8Array(5))), 'resourceSpans[0].scopeSpans[0].spans[0].traceId: expected an id of 16 bytes (or none), got 5 bytes');
    rejects(TRACES, oneSpan(fBytes(1, new Uint8Array(16)), fBytes(4, new Uint8Array(16))), 'resourceSpans[0].scopeSpans[0].spans[0].parentSpanId: expected an id of 8 bytes (or none), got 16 bytes');
    rejects(TRACES, oneSpan(fMessage(13, [fBytes(2, new Uint8Array(7))])), 'resourceSpans[0].scopeSpans[0].spans[0].links[0].spanId: expected an id of 8 bytes (or none), got 7 bytes');
    rejects(LOGS, fMessage(1, [fMessage(2, [fMessage(2, []), fMessage(2, [fBytes(10, new Uint8Array(16))])])]), 'resourceLogs[0].scopeLogs[0].logRecords[1].spanId: expected an id of 8 bytes (or none), got 16 bytes');
    rejects(
      METRICS,
      oneMetric(fMessage(7, [fMessage(1, [fMessage(5, [fBytes(5, new Uint8Array(8))])])])),
      'resourceMetrics[0].scopeMetrics[0].metrics[0].sum.dataPoints[0].exemplars[0].traceId: expected an id of 16 bytes (or none), got 8 bytes',
    );
    rejects(
      METRICS,
      oneMetric(fMessage(10, [fMessage(1, []), fMessage(1, [fMessage(11, []), fMessage(11, [fBytes(4, new Uint8Array(1))])])])),
      'resourceMetrics[0].scopeMetrics[0].metrics[0].exponentialHistogram.dataPoints[1].exemplars[1].spanId: expected an id of 8 bytes (or none), got 1 bytes',
    );
    // The last occurrence of an id field is the one checked: a wrong one that a right one replaces is fine.
    assert.deepEqual(LOGS.new(oneRecord(fBytes(9, new Uint8Array(3)), fBytes(9, new Uint8Array(0)))), LOGS.old(oneRecord(fBytes(9, new Uint8Array(3)), fBytes(9, new Uint8Array(0)))));
    rejects(LOGS, oneRecord(fBytes(9, new Uint8Array(16)), fBytes(9, new Uint8Array(3))), /traceId: expected an id of 16 bytes \(or none\), got 3 bytes$/);
  });

  it('nesting beyond protobufjs limit (100 messages)', () => {
    const nested = (levels: number) => {
      let value = fString(1, 'leaf');
      for (let i = 0; i < levels; i++) value = fMessage(5, [fMessage(1, [value])]); // array_value.values
      return oneRecord(fMessage(5, [value]));
    };
    rejects(LOGS, nested(120), /maximum nesting depth exceeded/);
    // Right at the limit: LogRecord is at depth 3, its body at 4; each level adds 2.
    for (const levels of [47, 48, 49]) {
      const body = nested(levels);
      let old: unknown = null;
      try {
        LOGS.old(body);
      } catch (error) {
        old = error;
      }
      if (old === null) assert.deepStrictEqual(LOGS.new(body), LOGS.old(body), `${levels} levels`);
      else assert.throws(() => LOGS.new(body), /maximum nesting depth exceeded/, `${levels} levels`);
    }
    // and in groups of unknown fields
    let group = fVarint(1, 1);
    for (let i = 0; i < 120; i++) group = fGroup(50, [group]);
    rejects(LOGS, oneRecord(group), /maximum nesting depth exceeded/);
  });

  it('invalid wire types, a stray end-group tag, a varint longer than 10 bytes', () => {
    rejects(TRACES, Uint8Array.of(0x7f, 0x00), /^not a valid protobuf ExportTraceServiceRequest: invalid wire type 7/);
    rejects(TRACES, Uint8Array.of(0x7e, 0x00), /invalid wire type 6/);
    rejects(LOGS, oneRecord(tag(50, WT.EGROUP)), /an end-group tag without a group/);
    rejects(LOGS, oneRecord(concat([tag(2, WT.VARINT), new Uint8Array(10).fill(0xff), Uint8Array.of(1)])), /./);
    rejects(LOGS, oneRecord(fMessage(5, [concat([tag(3, WT.VARINT), new Uint8Array(10).fill(0x80), Uint8Array.of(1)])])), /a varint is longer than 10 bytes/);
    rejects(METRICS, new Uint8Array(12).fill(0xff), /^not a valid protobuf ExportMetricsServiceRequest/);
    rejects(LOGS, Buffer.from('{"resourceLogs":[{"scopeLogs":[]}]}'), /^not a valid protobuf ExportLogsServiceRequest/);
  });

  it('random bytes: an OtlpDecodeError or rows, never another error', () => {
    let x = 1;
    for (let seed = 1; seed <= 500; seed++) {
      const bytes = new Uint8Array(1 + (seed % 64));
      for (let i = 0; i < bytes.length; i++) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        bytes[i] = x & 0xff;
      }
      for (const signal of [METRICS, LOGS, TRACES]) {
        try {
          signal.new(bytes);
        } catch (error) {
          assert.ok(error instanceof OtlpDecodeError, `seed ${seed}: ${String(error)}`);
        }
      }
    }
  });
});

describe('departures from the old path (documented in src/rows/wire/index.ts)', () => {
  it('1. a known field with another wire type than declared', () => {
    // severity_number (a varint) sent as a fixed64 whose 8 bytes protobufjs reads as the varint 9
    // followed by a field `severity_text: "hello"`
    const fixed = concat([tag(2, WT.I64), Uint8Array.of(0x09, 0x1a, 0x05, 0x68, 0x65, 0x6c, 0x6c, 0x6f)]);
    rejects(LOGS, oneRecord(fixed), /^not a valid protobuf ExportLogsServiceRequest: field 2 of LogRecord has wire type 1, which does not match its declared type/, 'accepts');
    // name (string) sent as a varint
    rejects(TRACES, oneSpan(fVarint(5, 0)), /field 5 of Span has wire type 0/, 'accepts');
    // bucket_counts (fixed64) sent as varints: neither packed nor fixed64
    rejects(METRICS, oneMetric(fMessage(9, [fMessage(1, [fVarint(6, 1), fFixed64(2, 0n)])])), /field 6 of HistogramDataPoint has wire type 0/, 'accepts');
  });

  it('2. a 32-bit varint of 6 to 9 bytes', () => {
    // dropped_attributes_count = 3 in 7 bytes (overlong); protobufjs reads 5 and skips 5 more,
    // the last 2 of the varint and the 3 of `severity_text: "I"`
    rejects(LOGS, oneRecord(fVarint(7, 3, 6), fString(3, 'I')), /a 32-bit varint .* of 7 bytes/, 'accepts');
  });

  it('3. a 64-bit varint cut after 4 bytes at the end of its message', () => {
    const body = oneRecord(fMessage(5, [concat([tag(3, WT.VARINT), Uint8Array.of(0x81, 0x82, 0x83, 0x84)])]));
    rejects(LOGS, body, /truncated message/, 'accepts');
  });

  it('4. field number 0', () => {
    rejects(LOGS, oneRecord(fVarint(0, 1)), /invalid field number 0/, 'accepts');
  });

  it('5. a group closed by the end-group tag of another field', () => {
    rejects(LOGS, oneRecord(concat([tag(50, WT.SGROUP), fVarint(1, 1), tag(51, WT.EGROUP)])), /an end-group tag does not match its group/, 'accepts');
  });

  it('6. a oneof member that comes back after another: the last one on the wire wins', () => {
    const body = oneRecord(fMessage(5, [fString(1, 'a'), fVarint(3, 7), fString(1, 'b')]));
    assert.equal(bodyText(LOGS.new(body)), 'b'); // protobuf's rule
    assert.equal(bodyText(LOGS.old(body)), '7'); // protobufjs: the member whose first occurrence is last
    const point = (metric: Uint8Array[]) => METRICS.new(oneMetric(...metric)).rows.map((r) => r.metric_type);
    const gauge = fMessage(5, [fMessage(1, [fDouble(4, 1)])]);
    const sum = fMessage(7, [fMessage(1, [fDouble(4, 2)])]);
    assert.deepEqual(point([gauge, sum, gauge]), ['gauge']);
    assert.deepEqual(
      METRICS.old(oneMetric(gauge, sum, gauge)).rows.map((r) => r.metric_type),
      ['sum'],
    );
  });
});
