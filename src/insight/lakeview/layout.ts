import { GRID_COLUMNS, type LvPosition } from './types.js';

/**
 * Places widgets left to right, top to bottom, on the 12-column grid: a widget that does not fit
 * in what is left of the row starts the next one, below the tallest widget of the row. A widget
 * left alone in its row takes the whole width, so that no half row stays empty. Pure.
 */
export function packGrid(sizes: readonly { width: number; height: number }[], startY = 0): LvPosition[] {
  const positions: LvPosition[] = [];
  let row: LvPosition[] = [];
  let x = 0;
  let y = startY;
  const closeRow = () => {
    if (row.length === 1) row[0].width = GRID_COLUMNS;
    y += Math.max(0, ...row.map((p) => p.height));
    row = [];
    x = 0;
  };
  for (const size of sizes) {
    const width = Math.min(Math.max(1, size.width), GRID_COLUMNS);
    if (x + width > GRID_COLUMNS) closeRow();
    const position = { x, y, width, height: size.height };
    positions.push(position);
    row.push(position);
    x += width;
  }
  if (row.length > 0) closeRow();
  return positions;
}
