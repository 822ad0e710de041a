// axe-core, an outside judge of accessibility, on every page of the bundled
// guide and of our first user's knowledge base (kb-real): WCAG 2.2 A and AA,
// light and dark, on a wide screen and a phone. Any violation fails.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { buildKbReal, kbRealSource } from "./search-quality.mjs";
import { buildSite, serve, launchBrowser, repo } from "./support.mjs";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const VIEWS = [
  { colorScheme: "light", viewport: { width: 1280, height: 900 } },
  { colorScheme: "dark", viewport: { width: 1280, height: 900 } },
  { colorScheme: "light", viewport: { width: 390, height: 844 } },
  { colorScheme: "dark", viewport: { width: 390, height: 844 } },
];

/** Every page of a built site, as paths from its root. */
function pagesOf(dir, rel = "") {
  const found = [];
  for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name !== "assets") found.push(...pagesOf(dir, join(rel, entry.name)));
    else if (entry.name === "index.html") found.push("/" + (rel ? rel + "/" : ""));
  }
  return found.sort();
}

/** The violations axe finds on `paths`, in every view, as readable lines. */
async function violations(browser, dir) {
  const server = await serve(dir);
  const found = [];
  try {
    for (const view of VIEWS) {
      const context = await browser.newContext(view);
      const page = await context.newPage();
      for (const path of pagesOf(dir)) {
        await page.goto(server.url + path);
        await page.addScriptTag({ content: axeSource });
        const result = await page.evaluate((tags) => axe.run({ runOnly: { type: "tag", values: tags } }), TAGS);
        for (const violation of result.violations) {
          for (const node of violation.nodes) {
            found.push(`${view.colorScheme} ${view.viewport.width}px ${path}: ${violation.id} at ${node.target.join(" ")}`);
          }
        }
      }
      await context.close();
    }
  } finally {
    await server.close();
  }
  return found;
}

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test("axe finds nothing on any page of the guide", async () => {
  const dir = buildSite(repo);
  assert.ok(pagesOf(dir).length > 20);
  assert.deepEqual(await violations(browser, dir), []);
});

const source = kbRealSource();
test("axe finds nothing on any page of kb-real", { skip: source ? false : "skipped: ../shared/corpus/kb-real not found (set KBGEN_KB_REAL)" }, async () => {
  const dir = buildKbReal(source);
  assert.ok(pagesOf(dir).length > 100);
  assert.deepEqual(await violations(browser, dir), []);
});
