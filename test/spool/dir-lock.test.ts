import assert from 'node:assert/strict';
import { link, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { lockDir } from '../../src/spool/dir-lock.js';
import { lockName } from '../../src/spool/lock-key.js';

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

  test('the name comes from a key only the spool owner can read, the same for processes that start together', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'otlp-delta-lock-'));
    try {
      // Many at once on a new spool: exactly one wins, whichever key file each saw first.
      const attempts = await Promise.allSettled(Array.from({ length: 8 }, () => lockDir(dir)));
      const won = attempts.filter((a) => a.status === 'fulfilled');
      assert.equal(won.length, 1);
      for (const a of attempts) if (a.status === 'rejected') assert.match(String(a.reason), /is in use by another otlp-delta/);
      const key = await readFile(join(dir, 'lock.key'), 'utf8');
      assert.match(key, /^[0-9a-f]{32}$/);
      assert.equal((await stat(join(dir, 'lock.key'))).mode & 0o777, 0o600);
      assert.deepEqual((await readdir(dir)).sort(), ['lock', 'lock.key', 'lock.sock'], 'no candidate key file left behind');
      await (won[0] as PromiseFulfilledResult<() => Promise<void>>).value();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a live listener on lock.sock (an owner in another network namespace) refuses the start; a dead one does not', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'otlp-delta-lock-'));
    const socketPath = join(dir, 'lock.sock');
    try {
      // Left by an owner that was killed: the file is there, nothing listens on it.
      const first = await lockDir(dir);
      await writeFile(join(dir, 'lock'), '424242');
      const dead = await copyOfSocketFile(socketPath);
      await first();
      await rename(dead, socketPath);
      assert.equal((await stat(socketPath)).isSocket(), true);
      const second = await lockDir(dir);
      await second();
      assert.deepEqual((await readdir(dir)).sort(), ['lock.key'], 'released: no pid file, no socket file');

      // An owner whose abstract name this process cannot see, but who listens on the file.
      const other = createServer((s) => s.destroy());
      await new Promise<void>((resolve) => other.listen(socketPath, resolve));
      await writeFile(join(dir, 'lock'), '31337');
      try {
        await assert.rejects(lockDir(dir), /is in use by another otlp-delta in another network namespace \(another container mounting this volume\?\), pid 31337 there/);
      } finally {
        await new Promise((resolve) => other.close(resolve));
      }
      // Its abstract name was released with the refusal: the next start, the other gone, succeeds.
      const third = await lockDir(dir);
      await third();
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
    assert.ok(lockName('/a/b', 'k').startsWith('\0'), 'the abstract namespace');
    assert.ok(lockName(`/${'x'.repeat(4000)}`, 'k').length < 108, 'any path fits sun_path');
    assert.notEqual(lockName('/a/b', 'k1'), lockName('/a/b', 'k2'), 'the key is part of the name');
  });
});

/** A second name for the socket file at `path` (a hard link), which survives the owner closing it. */
async function copyOfSocketFile(path: string): Promise<string> {
  const copy = `${path}.dead`;
  await link(path, copy);
  return copy;
}
