/** The event loop's worst pause while some work runs: a 10 ms ticker, the longest gap between its ticks. */
export async function worstPauseWhile<T>(work: () => Promise<T>): Promise<{ result: T; worstMs: number; tookMs: number }> {
  let worstMs = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    worstMs = Math.max(worstMs, now - last);
    last = now;
  }, 10);
  const started = performance.now();
  try {
    const result = await work();
    return { result, worstMs, tookMs: performance.now() - started };
  } finally {
    clearInterval(ticker);
  }
}
