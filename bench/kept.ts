/**
 * Figures in docs/benchmarks.md that `pnpm bench` cannot measure itself (a Chromium test, a size
 * measured by hand) sit between `<!-- kept:ID -->` and `<!-- /kept:ID -->`; the bench rewrites the
 * page around them and puts each block back in its place.
 */
export function keptBlocks(previous: string): (id: string) => string {
  return (id) => {
    const open = `<!-- kept:${id} -->`;
    const close = `<!-- /kept:${id} -->`;
    const start = previous.indexOf(open);
    const end = previous.indexOf(close, start);
    if (start < 0 || end < 0) return `${open}\n(not measured yet)\n${close}`;
    return previous.slice(start, end + close.length);
  };
}
