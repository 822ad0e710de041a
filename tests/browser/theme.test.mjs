// The default theme in a real browser: the light/dark toggle remembers the
// reader's choice, collapsible admonitions open, content tabs switch (with
// the mouse and the keyboard, linked by name), copy buttons copy the code.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

test("content tabs switch by click and by arrow key, and sets of the same names follow", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/writing/how-do-content-tabs-work/`);
  const sets = page.locator(".tabbed-set");
  assert.equal(await sets.count(), 2);
  const visibleBodies = (set) =>
    sets.nth(set).locator(".tabbed-block").evaluateAll((blocks) => blocks.map((b) => b.checkVisibility()));
  assert.deepEqual(await visibleBodies(0), [true, false], "the first tab shows first");
  await sets.nth(0).locator("label", { hasText: "uv" }).click();
  assert.deepEqual(await visibleBodies(0), [false, true]);
  assert.deepEqual(await visibleBodies(1), [false, true], "the other set chose its uv tab too");
  await sets.nth(1).locator("input").nth(1).focus();
  await page.keyboard.press("ArrowLeft");
  assert.deepEqual(await visibleBodies(1), [true, false], "arrow keys move between tabs");
  assert.deepEqual(await visibleBodies(0), [true, false]);
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

// The contrast of every piece of highlighted code, as the browser draws it,
// in light and dark and by the reader's choice: the judge is the computed
// colour, so a rule of one theme showing through the other is caught too.
test("every highlighted token meets 4.5:1 on its code background, light and dark", async () => {
  const site = mkdtempSync(join(tmpdir(), "kbgen-contrast-"));
  writeFileSync(join(site, "site.toml"), 'title = "Contrast"\nbase_url = "https://example.org/"\n');
  mkdirSync(join(site, "content"));
  const fence = (language, code) => "```" + language + "\n" + code + "\n```\n";
  writeFileSync(
    join(site, "content/index.md"),
    "# Code in many languages\n\n" +
      fence("python", 'name = "kb"\nprint(f"Hello {name}!")  # greet\nclass A(B):\n    def f(self, x=1): return [x, None, True]\n') +
      fence("yaml", "site_name: KB\nnav:\n  - Home: index.md  # first\nnumber: 3\n") +
      fence("javascript", "// note\nconst re = /a+b/g;\nlet s = `t ${x}`;\nfunction f(a) { return a?.b ?? 0; }\n") +
      fence("bash", "export A=1 # c\necho \"$HOME\" | grep -v x > out.txt\n") +
      fence("css", ".a:hover { color: #fff; margin: 0 auto; } /* c */\n") +
      fence("rust", "#[derive(Debug)]\nfn main() -> Result<(), E> { let v: Vec<u8> = vec![1]; println!(\"{v:?}\"); Ok(()) }\n") +
      fence("json", '{"a": [1, true, null], "b": "s"}\n') +
      fence("sql", "SELECT id, 'x' FROM t WHERE n > 2; -- c\n") +
      fence("html", '<a href="x" class="y">t</a><!-- c -->\n'),
  );
  const local = await serve(buildSite(site));
  const contrasts = async (page) =>
    page.evaluate(() => {
      const rgb = (text) => text.match(/[\d.]+/g).slice(0, 3).map(Number);
      const luminance = ([r, g, b]) =>
        [r, g, b]
          .map((v) => v / 255)
          .map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
          .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
      const ratio = (a, b) => {
        const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
        return (x + 0.05) / (y + 0.05);
      };
      const found = [];
      for (const pre of document.querySelectorAll("pre")) {
        const background = rgb(getComputedStyle(pre).backgroundColor);
        const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
          const text = walker.currentNode.textContent.trim();
          if (!text) continue;
          const colour = rgb(getComputedStyle(walker.currentNode.parentElement).color);
          found.push({ text, contrast: ratio(colour, background) });
        }
      }
      return found;
    });
  try {
    for (const [scheme, choice] of [["light", null], ["dark", null], ["light", "dark"], ["dark", "light"]]) {
      const context = await browser.newContext({ colorScheme: scheme });
      const page = await context.newPage();
      if (choice) await page.addInitScript((c) => localStorage.setItem("kbgen-theme", c), choice);
      await page.goto(`${local.url}/`);
      if (choice) assert.equal(await page.getAttribute("html", "data-theme"), choice);
      const found = await contrasts(page);
      assert.ok(found.length > 100, `${found.length} tokens`);
      const faint = found.filter((t) => t.contrast < 4.5).map((t) => `${t.text} ${t.contrast.toFixed(2)}`);
      assert.deepEqual(faint, [], `${scheme}${choice ? ` chose ${choice}` : ""}`);
      await context.close();
    }
  } finally {
    await local.close();
  }
});

// The menu is decided by CSS alone: closed on phones, a sidebar on wide
// screens, and nothing moves after load (no script opens or closes it).
test("the menu is a closed popover on phones and a sidebar on wide screens, without layout shift", async () => {
  for (const [width, phone] of [[390, true], [1280, false]]) {
    const context = await browser.newContext({ viewport: { width, height: 844 } });
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.__shift = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
      }).observe({ type: "layout-shift", buffered: true });
    });
    await page.goto(`${server.url}/writing/how-do-i-write-an-article/`);
    await page.waitForLoadState("load");
    await page.waitForTimeout(300);
    const nav = page.locator("#site-nav");
    const menu = page.locator(".menu-button");
    assert.equal(await nav.isVisible(), !phone, `menu shown at ${width}px`);
    assert.equal(await menu.isVisible(), phone, `menu button at ${width}px`);
    const shift = await page.evaluate(() => window.__shift);
    assert.ok(shift <= 0.01, `layout shift ${shift} at ${width}px`);
    if (phone) {
      const top = await page.locator("main h1").boundingBox();
      assert.ok(top.y < 200, `the question is near the top on a phone (${top.y}px)`);
      await menu.click();
      assert.equal(await nav.isVisible(), true, "the button opens the menu");
      assert.equal(await menu.getAttribute("aria-expanded"), null, "popovertarget gives the state to assistive tech itself");
      await page.keyboard.press("Escape");
      assert.equal(await nav.isVisible(), false, "Escape closes it");
      await menu.click();
      await page.locator(".menu-close").click();
      assert.equal(await nav.isVisible(), false, "the close button closes it");
    }
    await context.close();
  }
});

test("no request fails, the favicon is served, and a wide code block takes keyboard focus", async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const failed = [];
  const errors = [];
  page.on("response", (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  });
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  for (const path of ["/", "/writing/how-do-i-write-an-article/", "/publishing/what-can-site-toml-contain/"]) {
    await page.goto(`${server.url}${path}`);
    await page.waitForLoadState("load");
  }
  const icon = await page.getAttribute('link[rel="icon"]', "href");
  const served = await page.request.get(new URL(icon, server.url).href);
  assert.equal(served.status(), 200, icon);
  assert.deepEqual(failed, []);
  assert.deepEqual(errors, []);
  await page.goto(`${server.url}/writing/how-do-i-write-an-article/`);
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll("pre")].map((pre) => ({
      scrolls: pre.scrollWidth > pre.clientWidth + 1,
      focusable: pre.getAttribute("tabindex") === "0",
    })),
  );
  assert.ok(wide.some((p) => p.scrolls), "the page has a code block wider than a phone");
  assert.ok(wide.every((p) => p.scrolls === p.focusable), JSON.stringify(wide));
  const first = page.locator('pre[tabindex="0"]').first();
  await first.focus();
  const outline = await first.evaluate((pre) => getComputedStyle(pre).outlineStyle);
  assert.notEqual(outline, "none", "a focus ring shows");
  await context.close();
});

test("on wide screens the sidebar keeps its place and shows the current page", async () => {
  const site = mkdtempSync(join(tmpdir(), "kbgen-sidebar-"));
  writeFileSync(join(site, "site.toml"), 'title = "Sidebar"\n');
  mkdirSync(join(site, "content/many"), { recursive: true });
  writeFileSync(join(site, "content/index.md"), "# Home\n");
  writeFileSync(join(site, "content/many/index.md"), "# Many questions\n");
  for (let i = 10; i < 50; i++) {
    writeFileSync(join(site, `content/many/q${i}.md`), `# Question ${i}?\n\n!!! info "In short"\n    Answer ${i}.\n\n${"Body text.\n\n".repeat(60)}`);
  }
  const local = await serve(buildSite(site));
  const context = await browser.newContext({ viewport: { width: 1280, height: 700 } });
  const page = await context.newPage();
  try {
    await page.goto(`${local.url}/many/q45/`);
    const current = page.locator('.site-nav a[aria-current="page"]');
    assert.equal(await current.textContent(), "Question 45?");
    assert.ok(await current.isVisible());
    const inView = () => current.evaluate((a) => {
      const box = a.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    });
    assert.ok(await inView(), "the current page is in view without scrolling");
    await page.mouse.wheel(0, 2000);
    await page.waitForTimeout(200);
    assert.ok(await inView(), "and stays in view as the article scrolls");
  } finally {
    await context.close();
    await local.close();
  }
});
