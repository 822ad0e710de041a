// Search in a real browser: results as you type, the expected question
// first with its short answer, keyboard navigation, shareable ?q= links,
// highlighted terms on the target page, and CJK text found by a CJK query.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSite, serve, launchBrowser } from "./support.mjs";

function article(title, answer, body = "") {
  return `---\ntitle: "${title}"\n---\n# ${title}\n\n!!! info "In short"\n    ${answer}\n\n${body}\n`;
}

let server;
let browser;

before(async () => {
  const site = mkdtempSync(join(tmpdir(), "kbgen-search-"));
  writeFileSync(join(site, "site.toml"), 'title = "Search KB"\nbase_url = "https://example.org/kb/"\n');
  mkdirSync(join(site, "content/python"), { recursive: true });
  mkdirSync(join(site, "content/zh"), { recursive: true });
  writeFileSync(join(site, "content/index.md"), "# Search KB\n");
  writeFileSync(join(site, "content/python/index.md"), "# Python\n");
  writeFileSync(join(site, "content/python/sort-a-list.md"), article("How do I sort a list?", "Call list.sort() or sorted(items)."));
  writeFileSync(
    join(site, "content/python/dict-order.md"),
    article("Are dictionaries ordered?", "Yes, since Python 3.7.", "## Sorting\n\nYou can sort a dictionary's keys with sorted().\n"),
  );
  writeFileSync(join(site, "content/python/tuples.md"), article("What is a tuple?", "An immutable sequence.", "Tuples can be sorted too."));
  writeFileSync(join(site, "content/zh/index.md"), "# 中文\n");
  writeFileSync(join(site, "content/zh/list.md"), article("什么是列表推导式？", "列表推导式用一行代码创建列表。"));
  server = await serve(buildSite(site), "/kb/");
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function typeQuery(page, query) {
  await page.fill("#search-input", "");
  await page.type("#search-input", query, { delay: 20 });
  await page.waitForSelector("#search-results:not([hidden]) [role=option]", { timeout: 5000 });
}

test("the question that matches ranks first, with its short answer", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/kb/`);
  await typeQuery(page, "sort");
  const first = page.locator("#search-results [role=option]").first();
  assert.equal(await first.locator("strong").innerText(), "How do I sort a list?");
  assert.equal(await first.locator("span").innerText(), "Call list.sort() or sorted(items).");
  const titles = await page.locator("#search-results strong").allInnerTexts();
  assert.deepEqual(titles, ["How do I sort a list?", "Are dictionaries ordered?", "What is a tuple?"], "question, then heading, then body");
  // Keyboard: down to the second result, Enter opens it with the term marked.
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.getAttribute("#search-input", "aria-activedescendant"), "search-result-1");
  await page.keyboard.press("Enter");
  await page.waitForURL(/dict-order\/\?h=sort/);
  const marked = await page.locator("main mark").allInnerTexts();
  assert.ok(marked.some((m) => m.toLowerCase().startsWith("sort")), JSON.stringify(marked));
});

test("a prefix finds the question while typing", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/kb/`);
  await typeQuery(page, "tup");
  assert.equal(await page.locator("#search-results strong").first().innerText(), "What is a tuple?");
});

test("a search can be shared as a link", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/kb/search/?q=dictionaries`);
  await page.waitForSelector("#search-page-results a");
  assert.equal(await page.locator("#search-page-results strong").first().innerText(), "Are dictionaries ordered?");
});

test("a CJK query finds CJK text", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/kb/`);
  await typeQuery(page, "推导");
  assert.equal(await page.locator("#search-results strong").first().innerText(), "什么是列表推导式？");
  assert.equal(await page.locator("#search-results span").first().innerText(), "列表推导式用一行代码创建列表。");
});

test("a query downloads only a small part of the index", async () => {
  const page = await browser.newPage();
  const fetched = [];
  page.on("response", (response) => {
    if (response.url().includes("/search/")) fetched.push(response.url().split("/kb/")[1]);
  });
  await page.goto(`${server.url}/kb/`);
  await typeQuery(page, "sort");
  assert.deepEqual(fetched.filter((f) => f.endsWith(".json")).sort(), ["search/docs/0.json", "search/index.json", "search/terms/736f.json"]);
});
