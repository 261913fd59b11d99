import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  aggregationTemporalityName,
  SEVERITY_NUMBER_NAMES,
  severityNumberName,
  spanKindName,
  statusCodeName,
} from '../../src/rows/enums.js';

describe('enum names', () => {
  it('names every AggregationTemporality', () => {
    assert.equal(aggregationTemporalityName(0), 'AGGREGATION_TEMPORALITY_UNSPECIFIED');
    assert.equal(aggregationTemporalityName(1), 'AGGREGATION_TEMPORALITY_DELTA');
    assert.equal(aggregationTemporalityName(2), 'AGGREGATION_TEMPORALITY_CUMULATIVE');
  });

  it('names all 25 SeverityNumbers as the .proto file does', () => {
    const expected = [
      'SEVERITY_NUMBER_UNSPECIFIED',
      'SEVERITY_NUMBER_TRACE',
      'SEVERITY_NUMBER_TRACE2',
      'SEVERITY_NUMBER_TRACE3',
      'SEVERITY_NUMBER_TRACE4',
      'SEVERITY_NUMBER_DEBUG',
      'SEVERITY_NUMBER_DEBUG2',
      'SEVERITY_NUMBER_DEBUG3',
      'SEVERITY_NUMBER_DEBUG4',
      'SEVERITY_NUMBER_INFO',
      'SEVERITY_NUMBER_INFO2',
      'SEVERITY_NUMBER_INFO3',
      'SEVERITY_NUMBER_INFO4',
      'SEVERITY_NUMBER_WARN',
      'SEVERITY_NUMBER_WARN2',
      'SEVERITY_NUMBER_WARN3',
      'SEVERITY_NUMBER_WARN4',
      'SEVERITY_NUMBER_ERROR',
      'SEVERITY_NUMBER_ERROR2',
      'SEVERITY_NUMBER_ERROR3',
      'SEVERITY_NUMBER_ERROR4',
      'SEVERITY_NUMBER_FATAL',
      'SEVERITY_NUMBER_FATAL2',
      'SEVERITY_NUMBER_FATAL3',
      'SEVERITY_NUMBER_FATAL4',
    ];
    assert.deepEqual(SEVERITY_NUMBER_NAMES, expected);
    expected.forEach((name, n) => assert.equal(severityNumberName(n), name));
  });

  it('names every SpanKind and StatusCode', () => {
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5].map(spanKindName),
      [
        'SPAN_KIND_UNSPECIFIED',
        'SPAN_KIND_INTERNAL',
        'SPAN_KIND_SERVER',
        'SPAN_KIND_CLIENT',
        'SPAN_KIND_PRODUCER',
        'SPAN_KIND_CONSUMER',
      ],
    );
    assert.deepEqual([0, 1, 2].map(statusCodeName), ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR']);
  });

  it('writes a number it does not know in decimal', () => {
    assert.equal(aggregationTemporalityName(3), '3');
    assert.equal(severityNumberName(25), '25');
    assert.equal(severityNumberName(-1), '-1');
    assert.equal(spanKindName(6), '6');
    assert.equal(statusCodeName(2147483647), '2147483647');
  });
});
