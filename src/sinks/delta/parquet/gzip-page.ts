import { constants, gzipSync, type ZlibOptions } from 'node:zlib';

/**
 * GZIP at level 1: among the codecs every Parquet reader has, it came closest to the former zstd
 * files for size at a fraction of the time (bench/parquet-tuning.ts).
 */
const LEVEL = 1;

/**
 * PLAIN pages from this size on are sampled before they are compressed (pages of dictionary
 * indices and dictionaries repeat by nature); the sample is this many bytes from the middle of
 * the page (past the levels, into the values). Two deflates of the sample cost a few percent of
 * the page's own.
 */
const SAMPLED_FROM = 64 << 10;
const SAMPLE = 8 << 10;
/**
 * Huffman coding alone is chosen when it comes within this factor of level 1's size on the
 * sample. Measured on 8 KiB samples of the bench's log pages: hex ids 1.07 (1.03 on the whole
 * page, as the sample's own header and tables weigh more), LONG times 1.6, text 2 and more.
 */
const HUFFMAN_SLACK = 1.15;

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
 * - `strategy`: values with no repeats for LZ77 to find (hex ids, unique numbers as text) gain
 *   nearly all they can from Huffman coding alone, and searching for matches that are not there
 *   is level 1's slowest case (a third of the speed it has on text); a sample decides.
 */
export function gzipPage(page: Uint8Array, plain: boolean): Buffer {
  const windowBits = Math.max(9, Math.min(15, 32 - Math.clz32(page.length + 262)));
  const options: ZlibOptions = {
    level: LEVEL,
    windowBits,
    memLevel: Math.max(1, Math.min(8, windowBits - 7)),
    chunkSize: Math.max(64, Math.min(page.length + 64, 1 << 16)),
  };
  if (plain && page.length >= SAMPLED_FROM && huffmanSuffices(page)) options.strategy = constants.Z_HUFFMAN_ONLY;
  return gzipSync(page, options);
}

function huffmanSuffices(page: Uint8Array): boolean {
  const from = (page.length - SAMPLE) >> 1;
  const sample = page.subarray(from, from + SAMPLE);
  const options: ZlibOptions = { level: LEVEL, windowBits: 15, memLevel: 8, chunkSize: SAMPLE + 64 };
  const matched = gzipSync(sample, options).length;
  const huffman = gzipSync(sample, { ...options, strategy: constants.Z_HUFFMAN_ONLY }).length;
  return huffman <= matched * HUFFMAN_SLACK;
}
