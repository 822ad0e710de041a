// Lighthouse performance on kb-real, mobile emulation: three runs of the home
// page, a section and an article, each page's median held to 0.95 (the
// score moves by about ±0.1 between runs here, so CI prints it instead).
//
//   npm ci --prefix tests/browser && cargo build --release
//   node bench/lighthouse.mjs
import { audit, PAGES } from "../tests/browser/lighthouse.mjs";
import { buildKbReal, kbRealSource } from "../tests/browser/search-quality.mjs";
import { serve } from "../tests/browser/support.mjs";

const source = kbRealSource();
if (!source) {
  console.log("skipped: ../shared/corpus/kb-real not found (set KBGEN_KB_REAL)");
  process.exit(0);
}
const server = await serve(buildKbReal(source));
let failed = false;
try {
  for (const path of PAGES) {
    const scores = [];
    for (let run = 0; run < 3; run++) scores.push((await audit(server.url + path)).categories.performance.score);
    const median = [...scores].sort((a, b) => a - b)[1];
    failed ||= median < 0.95;
    console.log(`${path.padEnd(45)} performance ${scores.join(" ")}  median ${median}${median < 0.95 ? "  BELOW 0.95" : ""}`);
  }
} finally {
  await server.close();
}
process.exit(failed ? 1 : 0);
