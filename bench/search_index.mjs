// The search index at scale: generates the benchmark corpus
// (../shared/bench/gen_corpus.py), builds it with kbgen, and prints the
// index's size, file count and largest file, the search stage's time (and
// its share of a cold build on one thread), and
// the bytes five typed queries fetch in headless Chromium.
//
//   npm ci --prefix tests/browser && cargo build --release
//   node bench/search_index.mjs [PAGES]        (default 10000)
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, statSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runKbgen } from "../tests/browser/search-quality.mjs";
import { serve, launchBrowser, repo, kbgen } from "../tests/browser/support.mjs";

const pages = Number(process.argv[2] ?? 10000);
const generator = join(repo, "../shared/bench/gen_corpus.py");
if (!existsSync(generator)) {
  console.log(`skipped: ${generator} not found`);
  process.exit(0);
}
const site = mkdtempSync(join(tmpdir(), "kbgen-search-bench-"));
try {
  spawnSync("python3", [generator, "--pages", String(pages), site], { stdio: "ignore" });
  const started = Date.now();
  const build = spawnSync(kbgen, ["build", "--root", site, "--timings"], { encoding: "utf8" });
  const seconds = ((Date.now() - started) / 1000).toFixed(2);
  if (build.status !== 0) throw new Error(build.stderr);
  const stage = (name) => (build.stderr + build.stdout).split("\n").find((line) => line.includes(name))?.trim();
  const files = [];
  for (const folder of ["search/terms", "search/docs"]) {
    for (const name of readdirSync(join(site, "public", folder))) files.push({ folder, name, size: statSync(join(site, "public", folder, name)).size });
  }
  const total = (folder) => files.filter((f) => f.folder === folder).reduce((sum, f) => sum + f.size, 0);
  const largest = files.reduce((a, b) => (b.size > a.size ? b : a));
  const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  console.log(`${pages} pages: terms ${mb(total("search/terms"))} in ${files.filter((f) => f.folder === "search/terms").length} files, results ${mb(total("search/docs"))} in ${files.filter((f) => f.folder === "search/docs").length} files`);
  console.log(`largest file ${largest.folder}/${largest.name}: ${(largest.size / 1024).toFixed(0)} KB`);
  console.log(`${stage("search index")}, beside the pages; the whole cold build took ${seconds} s`);
  // On one thread the stages run one after another, so the search stage's
  // time is its own work, and its share of the build's is the cost of search.
  rmSync(join(site, "public"), { recursive: true, force: true });
  rmSync(join(site, ".kbgen-cache"), { recursive: true, force: true });
  const serial = spawnSync(kbgen, ["build", "--root", site, "--timings"], {
    encoding: "utf8",
    env: { ...process.env, RAYON_NUM_THREADS: "1" },
  });
  const text = serial.stderr + serial.stdout;
  const toSeconds = (figure, unit) => Number(figure) / (unit === "ms" ? 1000 : unit === "µs" ? 1e6 : 1);
  const indexing = text.match(/([\d.]+)(ms|µs|s)\s+search index/);
  const whole = text.match(/ in ([\d.]+)(ms|s)\s*$/m);
  if (indexing && whole) {
    const [index, build] = [toSeconds(indexing[1], indexing[2]), toSeconds(whole[1], whole[2])];
    console.log(`on one thread: search index ${index.toFixed(2)} s of a ${build.toFixed(2)} s cold build (${((100 * index) / build).toFixed(1)} %)`);
  }
  const server = await serve(join(site, "public"));
  const browser = await launchBrowser();
  const queries = ["merge module in python", "difference between module and json", "is regex faster", "asyncio.gather", "sorting dictionaries"];
  const runs = await runKbgen(browser, server.url, queries.map((query) => ({ query, answers: [] })));
  for (const run of runs) console.log(`${run.query.padEnd(40)} ${(run.bytes / 1024).toFixed(1)} KB fetched, ${run.count} results`);
  await browser.close();
  await server.close();
} finally {
  rmSync(site, { recursive: true, force: true });
}
