// Search quality, kbgen beside Pagefind, in one run on the same site:
// kb-real built by kbgen, then indexed by Pagefind (npm `pagefind`, from
// tests/browser's lock file), both asked the reader queries of
// tests/search_quality/kb-real.json in headless Chromium.
//
//   npm ci --prefix tests/browser && cargo build --release
//   node bench/search_quality.mjs [--verbose]
//
// kbgen's queries are typed key by key into its search box (bytes count
// everything the typing fetched); Pagefind's go through its JavaScript
// API once per query (its own UI would search on several keystrokes too).
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { buildKbReal, kbRealSource, loadQueries, runKbgen, runPagefind, score, report } from "../tests/browser/search-quality.mjs";
import { serve, launchBrowser, repo } from "../tests/browser/support.mjs";

const source = kbRealSource();
if (!source) {
  console.log("skipped: ../shared/corpus/kb-real not found (set KBGEN_KB_REAL)");
  process.exit(0);
}
const verbose = process.argv.includes("--verbose");
const site = buildKbReal(source);
const pagefind = spawnSync(join(repo, "tests/browser/node_modules/.bin/pagefind"), ["--site", site], { encoding: "utf8" });
if (pagefind.status !== 0) {
  console.error(pagefind.stderr || pagefind.stdout);
  process.exit(1);
}
const queries = loadQueries();
const server = await serve(site);
const browser = await launchBrowser();
try {
  const engines = [
    ["kbgen", await runKbgen(browser, server.url, queries)],
    ["Pagefind", await runPagefind(browser, server.url, queries)],
  ];
  if (verbose) {
    queries.forEach(({ query }, i) => {
      console.log(query.padEnd(42), engines.map(([name, runs]) => `${name} ${runs[i].rank || "-"}`).join("  "));
    });
  }
  for (const [name, runs] of engines) console.log(report(name, score(runs)));
} finally {
  await browser.close();
  await server.close();
}
