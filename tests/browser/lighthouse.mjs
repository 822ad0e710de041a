// Lighthouse run from its CLI on a fresh headless Chromium, for the test
// and for bench/lighthouse.mjs.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";

/** The kb-real pages both judge: the home page, a section, an article. */
export const PAGES = ["/", "/python-tuples/", "/python-tuples/what-is-slicing-in-python/"];

const lighthouse = join(createRequire(import.meta.url).resolve("lighthouse/package.json"), "../cli/index.js");

/** Lighthouse's report for a URL, from a fresh headless Chromium (run
 * asynchronously: the site is served from this process). */
export async function audit(url) {
  const work = mkdtempSync(join(tmpdir(), "kbgen-lighthouse-"));
  const report = join(work, "report.json");
  await promisify(execFile)(
    process.execPath,
    [
      lighthouse,
      url,
      "--quiet",
      "--only-categories=performance,accessibility,best-practices,seo",
      "--output=json",
      `--output-path=${report}`,
      `--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run --disable-sync --user-data-dir=${join(work, "profile")}`,
    ],
    { env: { ...process.env, CHROME_PATH: process.env.CHROMIUM ?? "/usr/bin/chromium" }, timeout: 180_000 },
  );
  return JSON.parse(readFileSync(report, "utf8"));
}

