#!/usr/bin/env bash
# Rebuilds the vendored JavaScript of report.html's interactive network map from the npm registry:
#   assets/map/sigma-graphology.min.js   sigma + graphology (+ their dependencies), one minified IIFE
#   assets/map/LICENSES.txt              the licence text of every package in the bundle
#   assets/map/VERSIONS.txt              the exact versions bundled (from package-lock.json)
# Versions are pinned in scripts/vendor_js/package.json and package-lock.json (exact versions and
# integrity hashes); `npm ci` installs exactly those, with esbuild (the bundler) as a local
# dev dependency, in a temporary folder. Its outputs are committed: cargo and CI never run npm.
#
# To update: edit the versions in scripts/vendor_js/package.json, run
#   scripts/vendor_js.sh --update
# (refreshes package-lock.json, then bundles), check the report in a browser, run the report
# tests, and commit scripts/vendor_js/ and assets/map/ together.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
src="$root/scripts/vendor_js"
dest="$root/assets/map"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cp "$src/package.json" "$src/entry.js" "$work/"
cd "$work"
if [ "${1:-}" = "--update" ]; then
  npm install --ignore-scripts --no-audit --no-fund
  cp package-lock.json "$src/package-lock.json"
else
  cp "$src/package-lock.json" .
  npm ci --ignore-scripts --no-audit --no-fund
fi

mkdir -p "$dest"
# One IIFE for browsers; production builds of the libraries; no source map, no legal comments
# (the licences are in LICENSES.txt and named in the banner).
banner="/*! relais vendored bundle: $(node -e '
  const lock = require("./package-lock.json");
  const names = Object.keys(lock.packages).filter(p => p && !lock.packages[p].dev && !lock.packages[p].peer);
  console.log(names.map(p => p.replace(/^node_modules\//, "") + "@" + lock.packages[p].version).join(", "));
') (MIT); licences in assets/map/LICENSES.txt */"
./node_modules/.bin/esbuild entry.js --bundle --minify --format=iife --target=es2018 \
  --platform=browser --define:process.env.NODE_ENV='"production"' --legal-comments=none \
  "--banner:js=$banner" --outfile="$dest/sigma-graphology.min.js"

# Licences and versions of every bundled package (not esbuild, not the type-only peer graphology-types),
# in lockfile order.
node -e '
  const fs = require("fs");
  const lock = require("./package-lock.json");
  let licences = "", versions = "";
  for (const [path, p] of Object.entries(lock.packages)) {
    if (!path || p.dev || p.peer) continue; // dev: esbuild; peer: type declarations only
    const name = path.replace(/^node_modules\//, "");
    const files = fs.readdirSync(path).filter(f => /^(licen[cs]e|copying)/i.test(f));
    if (files.length === 0) throw new Error("no licence file in " + path);
    versions += name + "@" + p.version + " " + (p.license || "") + " " + p.integrity + "\n";
    licences += "=".repeat(78) + "\n" + name + "@" + p.version + " (" + (p.license || "") + ")\n" + "=".repeat(78) + "\n";
    licences += fs.readFileSync(path + "/" + files[0], "utf8").trim() + "\n\n";
  }
  fs.writeFileSync(process.argv[1] + "/LICENSES.txt", licences);
  fs.writeFileSync(process.argv[1] + "/VERSIONS.txt", versions);
' "$dest"
ls -l "$dest"
