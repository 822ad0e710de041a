// Screenshots of a site: home, a section, an article and search results,
// light and dark, desktop and phone width. With no arguments it shoots the
// bundled guide into docs/screenshots/ (the README's pictures).
//
//   cargo build --release && npm ci --prefix tests/browser && node tests/browser/screenshots.mjs
//   node tests/browser/screenshots.mjs <site folder> <out folder> <section path> <article path> <query>
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildSite, serve, launchBrowser, repo } from "./support.mjs";

const [siteArg, outArg, sectionPath, articlePath, query] = process.argv.slice(2);
const site = siteArg ? resolve(siteArg) : repo;
const out = outArg ? resolve(outArg) : join(repo, "docs/screenshots");
const pages = {
  home: "/",
  section: sectionPath ?? "/writing/",
  article: articlePath ?? "/writing/how-do-admonitions-work/",
  search: `/search/?q=${encodeURIComponent(query ?? "admonition")}`,
};
const viewports = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 390, height: 844 },
};
mkdirSync(out, { recursive: true });

const server = await serve(buildSite(site, siteArg ? ["--allow-broken-links"] : []));
const browser = await launchBrowser();
try {
  for (const colorScheme of ["light", "dark"]) {
    for (const [device, viewport] of Object.entries(viewports)) {
      const context = await browser.newContext({ colorScheme, viewport, deviceScaleFactor: 1 });
      const page = await context.newPage();
      for (const [name, path] of Object.entries(pages)) {
        await page.goto(server.url + path);
        if (name === "search") {
          await page.waitForSelector("#search-page-results li", { timeout: 5000 });
        }
        const file = join(out, `${name}-${colorScheme}-${device}.png`);
        await page.screenshot({ path: file });
        console.log(file);
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
