// kbgen serve in a real browser: editing an article's source updates the
// open page by itself, keeping the scroll position.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { launchBrowser, repo, kbgen } from "./support.mjs";

let site;
let server;
let origin;
let browser;

before(async () => {
  site = mkdtempSync(join(tmpdir(), "kbgen-serve-"));
  cpSync(join(repo, "content"), join(site, "content"), { recursive: true });
  cpSync(join(repo, "site.toml"), join(site, "site.toml"));
  cpSync(join(repo, ".icons"), join(site, ".icons"), { recursive: true });
  server = spawn(kbgen, ["serve", "--root", site, "--port", "0"], { stdio: ["ignore", "ignore", "pipe"] });
  origin = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("kbgen serve did not start")), 20000);
    createInterface({ input: server.stderr }).on("line", (line) => {
      const found = line.match(/serving on (http:\/\/[^/]+)/);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.kill();
});

test("an edited article updates in the open page without a manual reload", async () => {
  const page = await browser.newPage({ viewport: { width: 1000, height: 600 } });
  await page.goto(`${origin}/writing/how-do-i-write-an-article/`);
  await page.waitForFunction(() => document.querySelector("script[src='/__kbgen/live.js']"));
  await page.evaluate(() => window.scrollTo(0, 400));
  await page.waitForTimeout(300);
  const source = join(site, "content/writing/how-do-i-write-an-article.md");
  const text = readFileSync(source, "utf8");
  writeFileSync(source, text.replace("Every article has the same shape", "Every article, edited live, has the same shape"));
  await page.waitForFunction(() => document.body.innerText.includes("Every article, edited live, has the same shape"), null, {
    timeout: 10000,
  });
  const scrolled = await page.evaluate(() => window.scrollY);
  assert.ok(Math.abs(scrolled - 400) < 5, `scroll position kept: ${scrolled}`);
});

test("a broken save shows the error over the page, and fixing it clears it", async () => {
  const page = await browser.newPage();
  await page.goto(`${origin}/writing/front-matter-fields/`);
  await page.waitForTimeout(300);
  const source = join(site, "content/writing/front-matter-fields.md");
  const text = readFileSync(source, "utf8");
  writeFileSync(source, text.replace("title: \"Which front matter fields does kbgen read?\"", "title: [broken"));
  const overlay = page.locator("#kbgen-problems");
  await overlay.waitFor({ timeout: 10000 });
  assert.match(await overlay.innerText(), /content\/writing\/front-matter-fields\.md:\d+:\d+/);
  assert.match(await overlay.innerText(), /Still showing the last good version/);
  const style = await overlay.evaluate((node) => getComputedStyle(node).backgroundColor);
  assert.equal(style, "rgb(13, 17, 23)", "opaque");
  const pre = overlay.locator("pre").first();
  const fits = await pre.evaluate((node) => node.scrollWidth <= node.clientWidth + 1);
  assert.ok(fits, "long lines wrap");
  assert.ok(await page.locator("h1").first().innerText(), "the last good page is still there");
  await overlay.getByRole("button", { name: "Dismiss" }).click();
  await overlay.waitFor({ state: "detached", timeout: 2000 });
  writeFileSync(source, text);
  await page.waitForTimeout(1500);
  assert.equal(await page.locator("#kbgen-problems").count(), 0);
});

test("a link to an article not written yet is a warning: every page still shows", async () => {
  const page = await browser.newPage();
  const source = join(site, "content/writing/how-do-i-link-to-other-questions.md");
  const text = readFileSync(source, "utf8");
  writeFileSync(source, text.replace("\n## See also\n\n* [How do I write an article?](how-do-i-write-an-article.md)\n* [How do I move", "\n## See also\n\n* [Not written yet?](not-written-yet.md)\n* [How do I write an article?](how-do-i-write-an-article.md)\n* [How do I move"));
  await page.waitForTimeout(1500);
  const response = await page.goto(`${origin}/writing/how-do-i-link-to-other-questions/`);
  assert.equal(response.status(), 200);
  const panel = page.locator("#kbgen-problems");
  await panel.waitFor({ timeout: 10000 });
  assert.match(await panel.innerText(), /The site builds, with warnings/);
  await panel.locator("summary").click();
  assert.match(await panel.innerText(), /not-written-yet\.md/);
  await panel.getByRole("button", { name: "Dismiss" }).click();
  await panel.waitFor({ state: "detached", timeout: 2000 });
  writeFileSync(source, text);
});
