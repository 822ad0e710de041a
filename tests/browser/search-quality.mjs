// Scores a site's search on a set of reader queries, typed into the real
// search box in headless Chromium: MRR@10, hits@1/3/10, queries with no
// result, and the bytes each typed query fetched. Used by
// search-quality.test.mjs (kbgen alone) and bench/search_quality.mjs
// (kbgen beside Pagefind on the same built site).
import { readFileSync, mkdtempSync, cpSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repo, buildSite } from "./support.mjs";

/** The query set in tests/search_quality/<name>.json. */
export function loadQueries(name = "kb-real") {
  return JSON.parse(readFileSync(join(repo, "tests/search_quality", `${name}.json`), "utf8")).queries;
}

/** Where kb-real is, or null (the caller skips with one line). */
export function kbRealSource() {
  const dir = process.env.KBGEN_KB_REAL ?? join(repo, "../shared/corpus/kb-real");
  return existsSync(join(dir, "docs")) ? dir : null;
}

/**
 * Builds kb-real as its author would with kbgen: a copy with a three-line
 * site.toml. Its one article with invalid front matter is fixed in the copy
 * (the build rightly refuses it), as .ci/run does.
 */
export function buildKbReal(source, prepare = () => {}) {
  const site = mkdtempSync(join(tmpdir(), "kbgen-kb-real-"));
  cpSync(source, site, { recursive: true });
  const broken = join(site, "docs/python-tuples/what-is-slicing-in-python.md");
  if (existsSync(broken)) {
    writeFileSync(broken, readFileSync(broken, "utf8").replace("content: index: follow", 'content: "index: follow"'));
  }
  writeFileSync(join(site, "site.toml"), 'title = "Knowledge Base"\nbase_url = "https://kb.example.org/"\ncontent_dir = "docs"\n');
  prepare(site);
  return buildSite(site, ["--allow-broken-links"]);
}

/** The 1-based rank of the first answer among `urls`, or 0. */
function rankOf(urls, answers) {
  const index = urls.findIndex((url) => answers.some((answer) => new URL(url, "http://x").pathname.endsWith("/" + answer)));
  return index + 1;
}

/** Sums up per-query ranks and bytes. */
export function score(runs) {
  const ranks = runs.map((run) => run.rank);
  const within = (n) => ranks.filter((r) => r > 0 && r <= n).length;
  const bytes = runs.map((run) => run.bytes).sort((a, b) => a - b);
  return {
    queries: runs.length,
    mrr: ranks.reduce((sum, r) => sum + (r > 0 && r <= 10 ? 1 / r : 0), 0) / runs.length,
    first: within(1),
    top3: within(3),
    top10: within(10),
    empty: runs.filter((run) => run.count === 0).length,
    medianBytes: bytes[Math.floor(bytes.length / 2)] ?? 0,
    maxBytes: bytes[bytes.length - 1] ?? 0,
  };
}

/**
 * Asks each query on a fresh page (nothing cached), counting the bytes of
 * responses whose path has `folder`; `ask(page, query)` returns result URLs.
 */
async function runQueries(browser, siteUrl, queries, folder, ask) {
  const runs = [];
  for (const { query, answers } of queries) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${siteUrl}/`);
    let bytes = 0;
    page.on("response", async (response) => {
      if (new URL(response.url()).pathname.includes(folder)) {
        bytes += (await response.body().catch(() => Buffer.alloc(0))).length;
      }
    });
    const urls = (await ask(page, query)).slice(0, 10);
    await page.waitForLoadState("networkidle");
    runs.push({ query, rank: rankOf(urls, answers), count: urls.length, bytes, top: urls.slice(0, 3) });
    await context.close();
  }
  return runs;
}

/** Types each query into kbgen's search box, key by key. */
export function runKbgen(browser, siteUrl, queries) {
  return runQueries(browser, siteUrl, queries, "/search/", async (page, query) => {
    await page.type("#search-input", query, { delay: 30 });
    await page.waitForFunction((q) => document.getElementById("search-results")?.dataset.query === q, query, { timeout: 10000 });
    return page.$$eval("#search-results [role=option] a", (links) => links.map((a) => a.href));
  });
}

/** The same queries through Pagefind's JavaScript API on a site it indexed. */
export function runPagefind(browser, siteUrl, queries) {
  return runQueries(browser, siteUrl, queries, "/pagefind/", (page, query) =>
    page.evaluate(async (q) => {
      const pagefind = await import("/pagefind/pagefind.js");
      await pagefind.init();
      const found = await pagefind.search(q);
      const data = await Promise.all(found.results.slice(0, 10).map((r) => r.data()));
      return data.map((d) => new URL(d.url, location.href).href);
    }, query),
  );
}

/** One line per engine, as the README table shows it. */
export function report(name, summary) {
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  return `${name.padEnd(10)} MRR@10 ${summary.mrr.toFixed(3)}  @1 ${summary.first}  @3 ${summary.top3}  @10 ${summary.top10}  of ${summary.queries}  empty ${summary.empty}  bytes/query median ${kb(summary.medianBytes)} max ${kb(summary.maxBytes)}`;
}
