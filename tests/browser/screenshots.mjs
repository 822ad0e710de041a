// Screenshots of the bundled guide for the README: home, a section and an
// article, light and dark, desktop and phone width.
//
//   cargo build --release && npm ci --prefix tests/browser && node tests/browser/screenshots.mjs
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { buildSite, serve, launchBrowser, repo } from "./support.mjs";

const pages = {
  home: "/",
  section: "/writing/",
  article: "/writing/how-do-admonitions-work/",
};
const viewports = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 390, height: 844 },
};
const out = join(repo, "docs/screenshots");
mkdirSync(out, { recursive: true });

const server = await serve(buildSite(repo));
const browser = await launchBrowser();
try {
  for (const [scheme, colorScheme] of [["light", "light"], ["dark", "dark"]]) {
    for (const [device, viewport] of Object.entries(viewports)) {
      const context = await browser.newContext({ colorScheme, viewport, deviceScaleFactor: 1 });
      const page = await context.newPage();
      for (const [name, path] of Object.entries(pages)) {
        await page.goto(server.url + path);
        const file = join(out, `${name}-${scheme}-${device}.png`);
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
