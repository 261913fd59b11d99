import { GRID_COLUMNS, type LvPosition } from './types.js';

/**
 * Places widgets left to right, top to bottom, on the 12-column grid: a widget that does not fit
 * in what is left of the row starts the next one, below the tallest widget of the row. Pure.
 */
export function packGrid(sizes: readonly { width: number; height: number }[], startY = 0): LvPosition[] {
  const positions: LvPosition[] = [];
  let x = 0;
  let y = startY;
  let rowHeight = 0;
  for (const size of sizes) {
    const width = Math.min(Math.max(1, size.width), GRID_COLUMNS);
    if (x + width > GRID_COLUMNS) {
      y += rowHeight;
      x = 0;
      rowHeight = 0;
    }
    positions.push({ x, y, width, height: size.height });
    x += width;
    rowHeight = Math.max(rowHeight, size.height);
  }
  return positions;
}
