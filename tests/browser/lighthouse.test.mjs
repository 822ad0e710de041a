// Lighthouse, with its default mobile emulation, on kb-real's home page, a
// section and an article: accessibility, best practices and SEO must score
// 1.00 and the layout must not shift (CLS ≤ 0.01). The performance score
// varies by about ±0.1 between runs on shared machines, so it is printed,
// not held (bench/lighthouse.mjs holds its median of three to 0.95).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { audit, PAGES } from "./lighthouse.mjs";
import { buildKbReal, kbRealSource } from "./search-quality.mjs";
import { serve } from "./support.mjs";

/** The audits that cost a category points, for the failure message. */
function failing(report, category) {
  return report.categories[category].auditRefs
    .filter((ref) => ref.weight > 0 && report.audits[ref.id].score !== null && report.audits[ref.id].score < 1)
    .map((ref) => ref.id);
}

const source = kbRealSource();
let server;
before(async () => {
  if (source) server = await serve(buildKbReal(source));
});
after(async () => {
  await server?.close();
});

for (const path of PAGES) {
  test(`Lighthouse on kb-real ${path}: accessibility, best practices, SEO 1.00, CLS ≤ 0.01`, { skip: source ? false : "skipped: ../shared/corpus/kb-real not found (set KBGEN_KB_REAL)" }, async () => {
    const report = await audit(server.url + path);
    const score = (category) => report.categories[category].score;
    const shift = report.audits["cumulative-layout-shift"].numericValue;
    console.log(`${path}: performance ${score("performance")}, accessibility ${score("accessibility")}, best practices ${score("best-practices")}, SEO ${score("seo")}, CLS ${shift.toFixed(3)}`);
    for (const category of ["accessibility", "best-practices", "seo"]) {
      assert.equal(score(category), 1, `${category}: ${failing(report, category).join(", ")}`);
    }
    assert.ok(shift <= 0.01, `CLS ${shift}`);
  });
}
