import { gzipSync } from 'node:zlib';

/**
 * GZIP at level 1: among the codecs every Parquet reader has, it came closest to the former zstd
 * files for size at a fraction of the time (bench/parquet-tuning.ts).
 */
const LEVEL = 1;

/**
 * One page compressed as a GZIP member (RFC 1952, Parquet's GZIP codec), with zlib sized to the
 * page. Most pages of a file are small (a column of a few thousand short values), and zlib's
 * defaults are sized for large streams: 32 KiB window, 64 KiB hash table, 16 KiB output chunks.
 *
 * - `windowBits`: a window as large as the page already reaches every earlier byte of it, so a
 *   smaller one loses nothing and spares zlib allocating and clearing the rest (readers inflate
 *   with the 32 KiB window, which takes any smaller one).
 * - `memLevel`: the hash table follows the window (zlib's own guidance: memLevel = windowBits - 7
 *   keeps the same ratio of chains to positions).
 * - `chunkSize`: one output buffer about the page's size instead of 16 KiB for every small page,
 *   and 64 KiB chunks, not 16, for the large ones (fewer buffers to join).
 */
export function gzipPage(page: Uint8Array): Buffer {
  const windowBits = Math.max(9, Math.min(15, 32 - Math.clz32(page.length + 262)));
  return gzipSync(page, {
    level: LEVEL,
    windowBits,
    memLevel: Math.max(1, Math.min(8, windowBits - 7)),
    chunkSize: Math.max(64, Math.min(page.length + 64, 1 << 16)),
  });
}
