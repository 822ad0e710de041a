// Shared helpers for the browser tests: build a site with the real kbgen
// binary, serve it over HTTP on 127.0.0.1, and start headless Chromium.
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, statSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, extname, normalize, resolve, sep } from "node:path";
import { chromium } from "playwright-core";

export const repo = resolve(import.meta.dirname, "../..");
export const kbgen = process.env.KBGEN_BIN ?? join(repo, "target/release/kbgen");

/** Builds the site at `root` into a fresh temporary folder and returns it. */
export function buildSite(root, extraArgs = []) {
  const out = mkdtempSync(join(tmpdir(), "kbgen-browser-"));
  const run = spawnSync(kbgen, ["build", "--root", root, "--output", out, ...extraArgs], { encoding: "utf8" });
  if (run.status !== 0) {
    throw new Error(`kbgen build failed (${run.status}):\n${run.stderr}`);
  }
  return out;
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/** Serves `dir` under `prefix` on a free port of 127.0.0.1; resolves to { url, close }. */
export function serve(dir, prefix = "/") {
  const root = resolve(dir);
  const server = createServer((request, response) => {
    const requested = decodeURIComponent(new URL(request.url, "http://x").pathname);
    if (!requested.startsWith(prefix)) {
      response.writeHead(404).end();
      return;
    }
    const path = "/" + requested.slice(prefix.length);
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      response.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) {
      response.writeHead(404, { "content-type": TYPES[".html"] }).end(readFileSync(join(root, "404.html")));
      return;
    }
    response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    response.end(readFileSync(file));
  });
  return new Promise((done) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      done({ url: `http://127.0.0.1:${port}`, close: () => new Promise((closed) => server.close(closed)) });
    });
  });
}

/** Headless Chromium from the system, started as the workplace requires. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
    ],
  });
}
