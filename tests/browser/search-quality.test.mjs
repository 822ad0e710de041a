// kbgen's search on our reader queries for kb-real (tests/search_quality/),
// typed into the real box: the bar the issue set, held on every run.
// bench/search_quality.mjs puts Pagefind beside it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildKbReal, kbRealSource, loadQueries, runKbgen, score, report } from "./search-quality.mjs";
import { serve, launchBrowser } from "./support.mjs";

const source = kbRealSource();

test("reader queries on kb-real: MRR@10 at least 0.85, at most one empty, under 35 KB each", { skip: source ? false : "skipped: ../shared/corpus/kb-real not found (set KBGEN_KB_REAL)" }, async () => {
  const server = await serve(buildKbReal(source));
  const browser = await launchBrowser();
  try {
    const queries = loadQueries();
    assert.ok(queries.length >= 40);
    const runs = await runKbgen(browser, server.url, queries);
    const summary = score(runs);
    console.log(report("kbgen", summary));
    const misses = runs.filter((r) => r.rank !== 1).map((r) => `${r.query} → ${r.rank || "none"}`);
    assert.ok(summary.mrr >= 0.85, `MRR@10 ${summary.mrr.toFixed(3)}; not first: ${misses.join("; ")}`);
    assert.ok(summary.empty <= 1, `${summary.empty} queries found nothing`);
    assert.ok(summary.maxBytes <= 35 * 1024, `a query fetched ${summary.maxBytes} bytes`);
  } finally {
    await browser.close();
    await server.close();
  }
});
