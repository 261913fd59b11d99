import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { publishedDashboardUrl, warehouseIdOf, workspaceBaseUrl } from '../../../src/sinks/databricks/lakeview-client.js';
import { classifyHttpFailure } from '../../../src/sinks/databricks/lakeview-errors.js';

/** The workspace REST API's answers, classified into what to do (pure). */

const context = { action: 'creating dashboard "u" in /Shared/x', folder: '/Shared/x', warehouseId: 'abc123' };

describe('lakeview errors', () => {
  test('each status says what to fix', () => {
    const cases: [number, unknown, string, RegExp][] = [
      [401, { error_code: 'UNAUTHENTICATED', message: 'Invalid access token.' }, 'auth', /check DATABRICKS_TOKEN/],
      [403, { error_code: 'PERMISSION_DENIED', message: 'no' }, 'permission', /CAN MANAGE \(or CAN EDIT\) on the workspace folder \/Shared\/x.*CAN USE on warehouse abc123/],
      [404, { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'gone' }, 'not-found', /DATABRICKS_HTTP_PATH names a warehouse of it \(id abc123\)/],
      [404, { error_code: 'ENDPOINT_NOT_FOUND', message: 'No API found' }, 'not-found', /does not serve the Lakeview API/],
      [409, { error_code: 'RESOURCE_ALREADY_EXISTS', message: 'exists' }, 'conflict', /another object of that name/],
      [409, { error_code: 'ABORTED', message: 'etag mismatch' }, 'conflict', /edited while this command updated it/],
      [503, { error_code: 'TEMPORARILY_UNAVAILABLE', message: 'later' }, 'busy', /run the command again/],
      [400, { error_code: 'INVALID_PARAMETER_VALUE', message: 'bad' }, 'bad-request', /a bug/],
      [500, 'not json', 'unknown', /run the command again/],
    ];
    for (const [status, body, category, fix] of cases) {
      const failure = classifyHttpFailure(status, body, context);
      assert.equal(failure.category, category, String(status));
      assert.match(failure.fix, fix, String(status));
      assert.match(failure.message, /^creating dashboard "u" in \/Shared\/x failed: /);
      if (typeof body === 'object') assert.match(failure.message, new RegExp(`\\(${(body as { error_code: string }).error_code}, HTTP ${status}\\)`));
    }
  });

  test('warehouse id from the HTTP path; workspace and dashboard URLs', () => {
    assert.equal(warehouseIdOf('/sql/1.0/warehouses/1234567890abcdef'), '1234567890abcdef');
    assert.equal(warehouseIdOf('/sql/1.0/endpoints/abc/'), 'abc');
    assert.equal(warehouseIdOf('/sql/protocolv1/o/123/0123-456789-abc'), undefined);
    assert.equal(workspaceBaseUrl({ host: 'dbc-1.cloud.databricks.com', port: 443 }), 'https://dbc-1.cloud.databricks.com');
    assert.equal(publishedDashboardUrl('https://h:8443', '01ef'), 'https://h:8443/dashboardsv3/01ef/published');
  });
});
