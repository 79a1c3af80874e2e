import type { Page } from "@playwright/test";

/**
 * Starts recording layout shifts before the page's own scripts run; `read` returns the
 * cumulative score (not counting shifts right after user input, as CLS does not).
 */
export async function recordLayoutShift(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __cls: number };
    w.__cls = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as {
        value: number;
        hadRecentInput: boolean;
      }[]) {
        if (!entry.hadRecentInput) w.__cls += entry.value;
      }
    }).observe({ type: "layout-shift", buffered: true });
  });
  return {
    read: () => page.evaluate(() => (window as unknown as { __cls: number }).__cls),
  };
}
