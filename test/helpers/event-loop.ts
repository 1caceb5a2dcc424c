/**
 * The event loop while some work runs: a 10 ms ticker; `worstMs` is the longest gap between its ticks,
 * `blockedShare` the share of the work's time spent in gaps over 50 ms (the loop stopped). On a 2-core machine
 * shared with other test files one scheduling hiccup can make a single gap long whoever holds the loop, so
 * compare the shares (the loop stopped for most of the work, or for little of it), not one worst gap.
 */
export async function worstPauseWhile<T>(work: () => Promise<T>): Promise<{ result: T; worstMs: number; tookMs: number; blockedShare: number }> {
  let worstMs = 0;
  let blockedMs = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    const gap = now - last;
    worstMs = Math.max(worstMs, gap);
    if (gap > 50) blockedMs += gap - 10;
    last = now;
  }, 10);
  const started = performance.now();
  try {
    const result = await work();
    const tookMs = performance.now() - started;
    const gap = performance.now() - last; // a gap still open when the work ends
    if (gap > 50) blockedMs += gap - 10;
    return { result, worstMs: Math.max(worstMs, gap), tookMs, blockedShare: tookMs > 0 ? Math.min(1, blockedMs / tookMs) : 0 };
  } finally {
    clearInterval(ticker);
  }
}
