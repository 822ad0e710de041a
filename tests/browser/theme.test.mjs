// The default theme in a real browser: the light/dark toggle remembers the
// reader's choice, collapsible admonitions open, copy buttons copy the code.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { buildSite, serve, launchBrowser, repo } from "./support.mjs";

let server;
let browser;

before(async () => {
  server = await serve(buildSite(repo));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test("the theme toggle persists across a reload", async () => {
  const context = await browser.newContext({ colorScheme: "light" });
  const page = await context.newPage();
  await page.goto(`${server.url}/writing/how-do-i-write-an-article/`);
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(await background(), "rgb(255, 255, 255)");
  await page.click(".theme-toggle");
  assert.equal(await page.getAttribute("html", "data-theme"), "dark");
  assert.equal(await background(), "rgb(13, 17, 23)");
  await page.reload();
  assert.equal(await page.getAttribute("html", "data-theme"), "dark", "the choice survives a reload");
  assert.equal(await background(), "rgb(13, 17, 23)");
  await page.click(".theme-toggle");
  await page.reload();
  assert.equal(await background(), "rgb(255, 255, 255)");
  await context.close();
});

test("a collapsible admonition opens", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/writing/how-do-admonitions-work/`);
  const details = page.locator(".content details.example");
  assert.equal(await details.getAttribute("open"), null, "closed at first");
  assert.equal(await details.locator("p").first().isVisible(), false);
  await details.locator("summary").click();
  assert.equal(await details.getAttribute("open"), "");
  assert.equal(await details.locator("p").first().isVisible(), true);
  await context.close();
});

test("the copy button copies only the code", async () => {
  const context = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();
  await page.goto(`${server.url}/publishing/how-do-i-preview-the-site/`);
  const block = page.locator(".code-block").first();
  const code = await block.locator("pre code").innerText();
  await block.locator(".copy-button").click();
  await page.waitForFunction(() => document.querySelector(".copy-button")?.textContent === "Copied");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, code);
  assert.ok(copied.startsWith("kbgen serve --drafts"), copied);
  assert.ok(!copied.includes("Copy"), "the button's label is not copied");
  await context.close();
});

test("a newcomer walks from the guide's home page to installing and to site.toml", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}/`);
  await page.locator("main").getByRole("link", { name: "Previewing and publishing" }).first().click();
  await page.waitForURL(/\/publishing\/$/);
  await page.locator("main").getByRole("link", { name: "How do I install kbgen?" }).first().click();
  await page.waitForURL(/\/publishing\/how-do-i-install-kbgen\/$/);
  assert.match(await page.locator("main").innerText(), /cargo install --locked --path \./);
  await page.locator("main").getByRole("link", { name: "What can site.toml contain?" }).first().click();
  await page.waitForURL(/\/publishing\/what-can-site-toml-contain\/$/);
  assert.match(await page.locator("main h1").innerText(), /What can site\.toml contain\?/);
  assert.match(await page.locator("main").innerText(), /extra_css/);
  await page.close();
});
