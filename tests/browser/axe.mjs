// axe-core on every page of a built book, in Debian's Chromium driven by puppeteer-core.
//
//   node tests/browser/axe.mjs _build/html [--widths 1440,390] [--schemes light,dark]
//
// Serves the directory on 127.0.0.1 (a port of its own), loads each HTML page (not the theme's
// fragments under _static/, nor _sources/) at each width in each colour scheme, runs axe-core with
// its default rules, and prints one JSON object: {"runs": N, "violations": [{page, width, scheme,
// rule, impact, help, nodes: [selector, ...]}]}. A dark run emulates prefers-color-scheme: dark,
// which the theme's default "auto" mode follows, and checks that the page says data-theme="dark".
//
// Exit status: 0 when no violation is serious or critical, 1 when one is, 2 when the pages could
// not be checked (no directory, no browser, a page that fails to load). CHROMIUM names the
// browser (default /usr/bin/chromium).

import { createServer } from "node:http";
import { readFile, readdir, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import process from "node:process";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const AXE_SOURCE = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
const FAILING = new Set(["serious", "critical"]);
// Generous: a loaded machine (CI shares its CPUs) must slow the check down, not fail it.
const LOAD_TIMEOUT = 300000;
const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".svg": "image/svg+xml", ".png": "image/png", ".woff2": "font/woff2", ".json": "application/json",
  ".ico": "image/x-icon", ".txt": "text/plain; charset=utf-8",
};

function fail(message) {
  process.stderr.write(`axe.mjs: ${message}\n`);
  process.exit(2);
}

function options(argv) {
  const found = { root: null, widths: [1440, 390], schemes: ["light", "dark"] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--widths") found.widths = argv[++i].split(",").map(Number);
    else if (argv[i] === "--schemes") found.schemes = argv[++i].split(",");
    else found.root = argv[i];
  }
  if (!found.root) fail("name the built HTML directory: node tests/browser/axe.mjs _build/html");
  if (found.widths.some((width) => !(width > 0))) fail("--widths takes numbers: 1440,390");
  if (found.schemes.some((scheme) => !["light", "dark"].includes(scheme))) {
    fail("--schemes takes light and/or dark");
  }
  return found;
}

async function pages(root, under = "") {
  const found = [];
  for (const entry of await readdir(path.join(root, under), { withFileTypes: true })) {
    const name = path.posix.join(under, entry.name);
    if (entry.isDirectory() && !["_static", "_sources", "_images"].includes(entry.name)) {
      found.push(...(await pages(root, name)));
    } else if (entry.isFile() && entry.name.endsWith(".html")) {
      found.push(name);
    }
  }
  return found.sort();
}

function serve(root) {
  const server = createServer(async (request, response) => {
    const url = new URL(request.url, "http://127.0.0.1");
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root)) return response.writeHead(403).end();
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, "index.html");
      const body = await readFile(file);
      response.writeHead(200, { "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream" });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

async function check(browser, base, page, width, scheme) {
  const tab = await browser.newPage();
  try {
    tab.setDefaultTimeout(LOAD_TIMEOUT);
    await tab.setViewport({ width, height: 900 });
    await tab.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
    const response = await tab.goto(base + page, { waitUntil: "load" });
    if (!response || !response.ok()) throw new Error(`${page}: HTTP ${response?.status()}`);
    const theme = await tab.evaluate(() => document.documentElement.dataset.theme);
    if (theme !== undefined && theme !== scheme) {
      throw new Error(`${page}: data-theme is ${theme}, not ${scheme}`);
    }
    if (page === "search.html") {
      // The results are what a reader sees there: run a search first.
      await tab.goto(`${base}${page}?q=${encodeURIComponent("周恩来 treaty")}`, { waitUntil: "load" });
      await tab.waitForSelector("#search-results .search-summary");
    }
    // The page as a reader sees it once it has settled: the web fonts in, and the margin notes
    // placed for them (notes.js lays them out again when the fonts arrive). Checked mid-load, on
    // a loaded machine, a note not yet moved can stand over the text beside it.
    await tab.evaluate(async () => {
      await document.fonts.ready;
      await new Promise((resolve) => setTimeout(resolve, 250));
    });
    await tab.evaluate(AXE_SOURCE);
    const result = await tab.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
    return result.violations.map((violation) => ({
      page, width, scheme, rule: violation.id, impact: violation.impact, help: violation.help,
      nodes: violation.nodes.map((node) => node.target.join(" ")),
    }));
  } finally {
    await tab.close();
  }
}

const { root, widths, schemes } = options(process.argv.slice(2));
const site = path.resolve(root);
const list = await pages(site).catch(() => fail(`${root}: no such directory`));
if (!list.length) fail(`${root}: no HTML pages`);
const server = await serve(site);
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  protocolTimeout: LOAD_TIMEOUT,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking"],
}).catch((error) => fail(`cannot start Chromium: ${error.message}`));
const violations = [];
let runs = 0;
try {
  for (const page of list) {
    for (const width of widths) {
      for (const scheme of schemes) {
        violations.push(...(await check(browser, base, page, width, scheme)));
        runs += 1;
      }
    }
  }
} catch (error) {
  await browser.close();
  server.close();
  fail(error.message);
}
await browser.close();
server.close();
process.stdout.write(JSON.stringify({ runs, violations }, null, 1) + "\n");
process.exit(violations.some((violation) => FAILING.has(violation.impact)) ? 1 : 0);
