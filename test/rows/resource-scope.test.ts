import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resourceStruct, scopeStruct } from '../../src/rows/resource-scope.js';
import { int, kv, resource, scope, str } from './fixtures.js';

describe('resource and scope structs', () => {
  it('copies a resource', () => {
    assert.deepEqual(resourceStruct(resource([kv('service.name', str('svc')), kv('pid', int(7n))], 2)), {
      attributes: [
        ['service.name', 'svc'],
        ['pid', '7'],
      ],
      dropped_attributes_count: 2,
    });
  });

  it('copies a scope', () => {
    assert.deepEqual(scopeStruct(scope('lib', '1.2.3', [kv('k', str('v'))], 1)), {
      name: 'lib',
      version: '1.2.3',
      attributes: [['k', 'v']],
      dropped_attributes_count: 1,
    });
  });

  it('gives the struct of empty values, not NULL, for a missing resource or scope', () => {
    assert.deepEqual(resourceStruct(null), { attributes: [], dropped_attributes_count: 0 });
    assert.deepEqual(scopeStruct(null), { name: '', version: '', attributes: [], dropped_attributes_count: 0 });
  });
});
