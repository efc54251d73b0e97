/**
 * cli-table3's cell helpers (its own measuring, cutting and colour handling), which table.ts draws
 * with. They are not its public API (it declares no `exports`, so the path resolves): package.json
 * pins cli-table3 to the version these were read from, and test/unit/table-render.test.ts holds
 * the output to what its Table draws.
 */
declare module 'cli-table3/src/utils.js' {
  /** Columns the widest line of `str` takes (string-width, colour codes left out). */
  export function strlen(str: string): number;
  /** `str` cut to `desiredLength` columns, ending in `truncateChar`, colours closed. */
  export function truncate(str: string, desiredLength: number, truncateChar?: string): string;
  /** Each line with the colours still open at its end closed, and reopened on the next. */
  export function colorizeLines(input: string[]): string[];
}
