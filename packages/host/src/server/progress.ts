/**
 * Periodic progress on stderr: pre-images served and fetched, bytes and request rate. A long
 * proof serves millions of pre-images; a silent host is indistinguishable from a hung one.
 */
import type { HostStats } from '../preimage-host.js';

function kib(n: number): string {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`;
}

export function formatProgress(stats: HostStats, servedBefore: number, seconds: number): string {
  const rate = seconds > 0 ? Math.round((stats.served - servedBefore) / seconds) : 0;
  return `host: served ${stats.served} pre-images (${kib(stats.servedBytes)}), fetched ${stats.fetched} (${kib(stats.fetchedBytes)}), ${stats.hints} hints, ${rate}/s`;
}

/** Starts the reporter; returns a stop function. The timer never keeps the process alive. */
export function startProgress(stats: HostStats, write: (line: string) => void, intervalMs: number): () => void {
  if (intervalMs <= 0) return () => {};
  let last = stats.served;
  let lastAt = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    write(formatProgress(stats, last, (now - lastAt) / 1000));
    last = stats.served;
    lastAt = now;
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
