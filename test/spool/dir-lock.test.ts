import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { lockDir, lockName } from '../../src/spool/dir-lock.js';

describe('spool directory lock', { skip: process.platform !== 'linux' && 'abstract sockets are Linux only' }, () => {
  test('one owner at a time; the lock is free again once released', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'otlp-delta-lock-'));
    try {
      const unlock = await lockDir(dir);
      assert.equal(await readFile(join(dir, 'lock'), 'utf8'), String(process.pid));
      await assert.rejects(lockDir(dir), new RegExp(`is in use by another otlp-delta \\(pid ${process.pid}\\)`));
      await unlock();
      const again = await lockDir(dir);
      await again();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a pid file naming a live process that holds no lock does not refuse the start', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'otlp-delta-lock-'));
    try {
      // The parent (the test runner) is alive and is not an otlp-delta: a reused pid.
      await writeFile(join(dir, 'lock'), String(process.ppid));
      const unlock = await lockDir(dir);
      assert.equal(await readFile(join(dir, 'lock'), 'utf8'), String(process.pid));
      await unlock();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('one directory reached through a symbolic link is the same lock; another directory is not', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'otlp-delta-lock-'));
    try {
      await mkdir(join(dir, 'spool'));
      await symlink(join(dir, 'spool'), join(dir, 'link'));
      const unlock = await lockDir(join(dir, 'spool'));
      await assert.rejects(lockDir(join(dir, 'link')), /is in use by another otlp-delta/);
      const other = await lockDir(join(dir, 'other'));
      await other();
      await unlock();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    assert.ok(lockName('/a/b').startsWith('\0'), 'the abstract namespace');
    assert.ok(lockName(`/${'x'.repeat(4000)}`).length < 108, 'any path fits sun_path');
  });
});
