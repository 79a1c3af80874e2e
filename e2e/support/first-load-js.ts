import { gzipSync } from "node:zlib";
import type { Page } from "@playwright/test";

export interface FirstLoadJs {
  files: { url: string; gzipBytes: number }[];
  totalGzipBytes: number;
}

/**
 * The JavaScript a page loads before it is interactive, gzipped as a CDN would serve it: every
 * script fetched up to the load event. Chunks fetched later (a lazily loaded chart) are not counted.
 */
export async function measureFirstLoadJs(page: Page, path: string): Promise<FirstLoadJs> {
  const scripts = new Set<string>();
  const listener = (response: { url(): string; request(): { resourceType(): string } }) => {
    if (response.request().resourceType() === "script") scripts.add(response.url());
  };
  page.on("response", listener);
  await page.goto(path, { waitUntil: "load" });
  page.off("response", listener);
  const files = [];
  for (const url of scripts) {
    const body = await (await page.request.get(url)).body();
    files.push({ url: new URL(url).pathname, gzipBytes: gzipSync(body, { level: 9 }).length });
  }
  return { files, totalGzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0) };
}
