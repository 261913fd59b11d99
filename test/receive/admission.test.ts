import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Admission } from '../../src/receive/admission.js';
import { OtlpDeltaError } from '../../src/errors.js';

const unavailable = (error: unknown) => error instanceof OtlpDeltaError && error.status === 503 && /too many request bytes in flight/.test(error.message);

test('in-flight bytes are what requests have received, not what they declare', () => {
  const admission = new Admission({ maxInFlightBytes: 1000, memoryLimitBytes: 0, retryAfterSeconds: 5 });
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
