import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Admission } from '../../src/receive/admission.js';
import { OtlpDeltaError } from '../../src/errors.js';

const unavailable = (error: unknown) => error instanceof OtlpDeltaError && error.status === 503 && /too many request bytes in flight/.test(error.message);

test('in-flight bytes are what requests have received, not what they declare', () => {
  const admission = new Admission({ maxInFlightBytes: 1000, memoryLimitBytes: 0, retryAfterSeconds: 5, maxExportLagMs: 0 });
  try {
    // A request alone may hold a whole body, even past the limit.
    const big = admission.admit();
    big.add(600);
    big.add(600);
    assert.equal(admission.inFlightBytes(), 1200);
    // While it holds the budget, a new request is refused at the door...
    assert.throws(() => admission.admit(), unavailable);
    big.release();
    assert.equal(admission.inFlightBytes(), 0);

    // ...and a request that grows past the budget while another holds bytes is the one refused.
    const slow = admission.admit();
    slow.add(10);
    const honest = admission.admit();
    honest.add(900);
    assert.throws(() => honest.add(200), unavailable);
    assert.equal(admission.inFlightBytes(), 910, 'the refused chunk is not counted');
    // Decoding replaces what was read with the decoded body.
    honest.resize(500);
    assert.equal(admission.inFlightBytes(), 510);
    honest.release();
    honest.release();
    slow.release();
    assert.equal(admission.inFlightBytes(), 0);
  } finally {
    admission.close();
  }
});

test('requests are refused with a short Retry-After while the export lag is past its limit', () => {
  const admission = new Admission({ maxInFlightBytes: 1000, memoryLimitBytes: 0, retryAfterSeconds: 5, maxExportLagMs: 1000 });
  try {
    let lag = 0;
    admission.watchExportLag(() => lag);
    admission.admit().release();
    lag = 1000;
    assert.equal(admission.behindBy(), null, 'at the limit is not past it');
    admission.admit().release();
    lag = 1500.4;
    assert.equal(admission.behindBy(), 1500);
    assert.throws(
      () => admission.admit(),
      (error: unknown) =>
        error instanceof OtlpDeltaError &&
        error.status === 503 &&
        error.retryAfterSeconds === 1 &&
        /the export is behind: the oldest unexported request has waited 1500 ms past its batch age, over the limit of 1000 ms/.test(error.message),
    );
    assert.equal(admission.lagRefusals(), 1);
    lag = 0;
    admission.admit().release();
  } finally {
    admission.close();
  }
});

test('a lag limit of 0 never refuses', () => {
  const admission = new Admission({ maxInFlightBytes: 1000, memoryLimitBytes: 0, retryAfterSeconds: 5, maxExportLagMs: 0 });
  try {
    admission.watchExportLag(() => 60_000);
    assert.equal(admission.behindBy(), null);
    admission.admit().release();
  } finally {
    admission.close();
  }
});
