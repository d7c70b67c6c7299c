/*
 * Keyboard movement in the trace graph (a roving tab stop: one item of the
 * graph is in the tab order, arrows move it), as the WAI-ARIA grid and tree
 * patterns do: Up/Down within a column, Left/Right to the next column
 * (preferring an item connected to the current one), Home/End to the first
 * and last item of the column.
 */

/** Keys the graph handles. */
export const NAV_KEYS = ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End'] as const;
export type NavKey = (typeof NAV_KEYS)[number];

/**
 * The item to focus after `key`, given the items of each column (top to
 * bottom, empty columns allowed) and the items connected to an item.
 * Returns `current` when there is nowhere to go.
 */
export function moveFocus(
  columns: string[][],
  current: string,
  key: NavKey,
  connected: (id: string) => string[] = () => [],
): string {
  const col = columns.findIndex(c => c.includes(current));
  if (col < 0) return columns.find(c => c.length)?.[0] ?? current;
  const row = columns[col].indexOf(current);
  switch (key) {
    case 'ArrowUp':
      return columns[col][Math.max(0, row - 1)];
    case 'ArrowDown':
      return columns[col][Math.min(columns[col].length - 1, row + 1)];
    case 'Home':
      return columns[col][0];
    case 'End':
      return columns[col][columns[col].length - 1];
    case 'ArrowLeft':
    case 'ArrowRight': {
      const step = key === 'ArrowLeft' ? -1 : 1;
      for (let c = col + step; c >= 0 && c < columns.length; c += step) {
        if (columns[c].length === 0) continue;
        const linked = connected(current).find(id => columns[c].includes(id));
        if (linked) return linked;
        // Nothing connected: the same height, as far as the column goes.
        return columns[c][Math.min(row, columns[c].length - 1)];
      }
      return current;
    }
    default:
      return current;
  }
}
