// Search in a real browser: results as you type, ranked (BM25F, stems,
// stop words, typos, code identifiers), with the matched sentence marked;
// keyboard use; shareable ?q= links; highlighted terms on the target page;
// CJK; and the browser's stemmer agreeing with the index's word for word.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSite, serve, launchBrowser, repo } from "./support.mjs";

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
  writeFileSync(join(site, "content/python/sort-a-list.md"), article("How do I sort a list?", "Call list.sort() or sorted(items).", "Pass `reverse=True` for the largest first."));
  writeFileSync(
    join(site, "content/python/dict-order.md"),
    article("Are dictionaries ordered?", "Yes, since Python 3.7.", "## Sorting\n\nYou can sort a dictionary's keys with sorted().\n"),
  );
  writeFileSync(join(site, "content/python/tuples.md"), article("What is a tuple?", "An immutable sequence.", "Tuples can be sorted too. A tuple with one item needs a trailing comma."));
  writeFileSync(
    join(site, "content/python/gather.md"),
    article("How do I await several tasks?", "Pass the coroutines to one call and await it.", "```python\nresults = await asyncio.gather(fetch(a), fetch(b))\n```\n\nThe results come back in the order you passed the coroutines in.\n"),
  );
  writeFileSync(join(site, "content/python/last.md"), article("What is [-1] in a Python list?", "The last item.", "Negative numbers count from the end."));
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
  await page.waitForFunction((q) => document.getElementById("search-results").dataset.query === q, query.trim(), { timeout: 5000 });
}

async function titles(page) {
  return page.locator("#search-results [role=option] strong").allInnerTexts();
}

async function home() {
  const page = await browser.newPage();
  await page.goto(`${server.url}/kb/`);
  return page;
}

test("the question that matches ranks first, with its short answer", async () => {
  const page = await home();
  await typeQuery(page, "sort");
  const first = page.locator("#search-results [role=option]").first();
  assert.equal(await first.locator("strong").innerText(), "How do I sort a list?");
  assert.equal(await first.locator(".search-answer").innerText(), "Call list.sort() or sorted(items).");
  assert.deepEqual((await titles(page)).slice(0, 3), ["How do I sort a list?", "Are dictionaries ordered?", "What is a tuple?"], "question, then heading, then body");
  // Keyboard: down to the second result, Enter opens it with the term marked.
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.getAttribute("#search-input", "aria-activedescendant"), "search-result-1");
  await page.keyboard.press("Enter");
  await page.waitForURL(/dict-order\/\?h=sort/);
  const marked = await page.locator("main mark").allInnerTexts();
  assert.ok(marked.some((m) => m.toLowerCase() === "sorting"), "the stem marks other forms: " + JSON.stringify(marked));
  // Opened for "how to sort": the stop words are not marked on the page.
  await page.goto(`${server.url}/kb/python/sort-a-list/?h=how%20to%20sort`);
  await page.waitForSelector("main mark");
  assert.deepEqual([...new Set((await page.locator("main mark").allInnerTexts()).map((m) => m.toLowerCase()))].sort(), ["sort", "sorted"]);
});

test("stop words never empty the results", async () => {
  const page = await home();
  await typeQuery(page, "how can I sort the list for you ");
  assert.equal((await titles(page))[0], "How do I sort a list?");
  await typeQuery(page, "what is a");
  assert.ok((await titles(page)).length > 0, "a query of stop words alone still finds questions");
});

test("a plural finds the singular, a verb form its stem", async () => {
  const page = await home();
  await typeQuery(page, "tuples ");
  assert.equal((await titles(page))[0], "What is a tuple?");
  await typeQuery(page, "sorting lists ");
  assert.equal((await titles(page))[0], "How do I sort a list?");
});

test("a typo finds the page, below exact matches", async () => {
  const page = await home();
  await typeQuery(page, "tupel ");
  assert.equal((await titles(page))[0], "What is a tuple?");
  await typeQuery(page, "corutines ");
  assert.equal((await titles(page))[0], "How do I await several tasks?");
});

test("a code identifier finds the page that has it, whole or by parts", async () => {
  const page = await home();
  await typeQuery(page, "asyncio.gather");
  assert.equal((await titles(page))[0], "How do I await several tasks?");
  await typeQuery(page, "gather ");
  assert.equal((await titles(page))[0], "How do I await several tasks?");
  await typeQuery(page, "[-1]");
  assert.equal((await titles(page))[0], "What is [-1] in a Python list?");
  await typeQuery(page, "reverse=True");
  assert.equal((await titles(page))[0], "How do I sort a list?");
});

test("the snippet is the sentence that matched, with the query's words marked", async () => {
  const page = await home();
  await typeQuery(page, "a trailing comma");
  const first = page.locator("#search-results [role=option]").first();
  assert.equal(await first.locator("strong").innerText(), "What is a tuple?");
  assert.equal(await first.locator(".search-snippet").innerText(), "A tuple with one item needs a trailing comma.");
  assert.deepEqual(await first.locator(".search-snippet mark").allInnerTexts(), ["trailing", "comma"], "stop words are not marked");
  await typeQuery(page, "order of results");
  const snippet = page.locator("#search-results [role=option]").first().locator(".search-snippet");
  assert.deepEqual(await snippet.locator("mark").allInnerTexts(), ["results", "order"]);
});

test("/ focuses the search box, arrows move, Escape closes", async () => {
  const page = await home();
  await page.locator("body").click();
  await page.keyboard.press("/");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "search-input");
  assert.equal(await page.inputValue("#search-input"), "", "the slash is not typed");
  await page.keyboard.type("sort", { delay: 20 });
  await page.waitForFunction(() => document.getElementById("search-results").dataset.query === "sort");
  assert.equal(await page.getAttribute("#search-input", "aria-activedescendant"), "search-result-0");
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.getAttribute("#search-result-1", "aria-selected"), "true");
  await page.keyboard.press("ArrowUp");
  assert.equal(await page.getAttribute("#search-result-0", "aria-selected"), "true");
  await page.keyboard.press("Escape");
  assert.equal(await page.isHidden("#search-results"), true);
});

test("a search can be shared as a link", async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/kb/search/?q=dictionaries`);
  await page.waitForSelector("#search-page-results a");
  assert.equal(await page.locator("#search-page-results strong").first().innerText(), "Are dictionaries ordered?");
});

test("a CJK query finds CJK text", async () => {
  const page = await home();
  await typeQuery(page, "推导");
  assert.equal((await titles(page))[0], "什么是列表推导式？");
  assert.equal(await page.locator("#search-results .search-answer").first().innerText(), "列表推导式用一行代码创建列表。");
});

test("a query downloads only a small part of the index, each file once, in parallel", async () => {
  const page = await home();
  const fetched = [];
  page.on("request", (request) => {
    if (request.url().includes("/search/")) fetched.push(request.url().split("/kb/")[1]);
  });
  await typeQuery(page, "sort list");
  const json = fetched.filter((f) => f.endsWith(".json"));
  assert.equal(new Set(json).size, json.length, "nothing is fetched twice: " + JSON.stringify(json));
  assert.ok(json.includes("search/index.json") && json.includes("search/terms/736f.json") && json.includes("search/terms/6c69.json"));
  assert.ok(json.filter((f) => f.startsWith("search/docs/")).length <= 10);
  assert.ok(json.length < 16, JSON.stringify(json));
});

test("the browser stems English exactly as the index does", async () => {
  const page = await home();
  const table = readFileSync(join(repo, "tests/search_quality/stems-en.tsv"), "utf8").trim().split("\n").map((line) => line.split("\t"));
  const stems = await page.evaluate((words) => words.map((w) => window.kbgenSearch.stem(w)), table.map((row) => row[0]));
  const wrong = table.filter((row, i) => stems[i] !== row[1]).map((row, i) => `${row[0]}: ${row[1]} ≠ ${stems[i]}`);
  assert.deepEqual(wrong.slice(0, 20), []);
  assert.ok(table.length > 10000);
});

test("the browser splits words and compounds as the index does", async () => {
  const page = await home();
  const { cases } = JSON.parse(readFileSync(join(repo, "tests/search_quality/tokens.json"), "utf8"));
  for (const { text, words, compounds } of cases) {
    assert.deepEqual(await page.evaluate((t) => window.kbgenSearch.words(t), text), words, text);
    assert.deepEqual(await page.evaluate((t) => window.kbgenSearch.compounds(t), text), compounds, text);
  }
});

test("a site with its own search/ folder: kbgen's search moves aside and still works", async () => {
  const site = mkdtempSync(join(tmpdir(), "kbgen-search-aside-"));
  writeFileSync(join(site, "site.toml"), 'title = "Docs"\n');
  mkdirSync(join(site, "content/search"), { recursive: true });
  writeFileSync(join(site, "content/index.md"), "# Docs\n\n[Search settings](search/index.md)\n");
  writeFileSync(join(site, "content/search/index.md"), "# Search settings\n\nHow the product's own search is tuned.\n");
  writeFileSync(join(site, "content/search/ranking.md"), article("How is ranking tuned?", "Weights per field."));
  const local = await serve(buildSite(site));
  const page = await browser.newPage();
  try {
    await page.goto(`${local.url}/`);
    await typeQuery(page, "ranking");
    assert.equal((await titles(page))[0], "How is ranking tuned?");
    await page.goto(`${local.url}/kbgen-search/?q=ranking`);
    await page.waitForSelector("#search-page-results li");
    assert.match(await page.locator("#search-page-results li").first().innerText(), /How is ranking tuned\?/);
    await page.goto(`${local.url}/search/`);
    assert.equal(await page.locator("h1").innerText(), "Search settings");
  } finally {
    await page.close();
    await local.close();
  }
});
