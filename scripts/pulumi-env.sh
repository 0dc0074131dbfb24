#!/usr/bin/env bash
# Prints `export` lines that put a usable Pulumi CLI (with the Node.js language host and the
# dynamic-provider shim beside it) on PATH with offline defaults. Used by scripts/pulumi and
# by the Automation API helpers of the tests and the benchmark (provider/runner).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

if [ -n "${UMLYNC_PULUMI:-}" ]; then
  cli_bin="$(dirname "$UMLYNC_PULUMI")"
else
  cli_root="$("$here/build-pulumi-cli.sh")"
  cli_bin="$cli_root/bin"
fi
shim_dir="$root/node_modules/@pulumi/pulumi"
if [ ! -x "$shim_dir/pulumi-resource-pulumi-nodejs" ]; then
  echo "[umlync] error: $shim_dir/pulumi-resource-pulumi-nodejs is missing; run 'npm ci' first" >&2
  exit 3
fi
# The CLI looks for bundled plugins next to its binary; keep the shim there (a PATH copy
# would make it warn on every run).
if ! cmp -s "$shim_dir/pulumi-resource-pulumi-nodejs" "$cli_bin/pulumi-resource-pulumi-nodejs" 2>/dev/null; then
  cp "$shim_dir/pulumi-resource-pulumi-nodejs" "$cli_bin/pulumi-resource-pulumi-nodejs.$$"
  chmod +x "$cli_bin/pulumi-resource-pulumi-nodejs.$$"
  mv -f "$cli_bin/pulumi-resource-pulumi-nodejs.$$" "$cli_bin/pulumi-resource-pulumi-nodejs"
fi
mkdir -p "$root/.umlync/state" "$root/.umlync/pulumi-home"
q() { printf '%q' "$1"; }
echo "export PATH=$(q "$cli_bin:$PATH")"
echo "export PULUMI_SKIP_UPDATE_CHECK=true"
echo "export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true"
echo "export PULUMI_BACKEND_URL=$(q "${PULUMI_BACKEND_URL:-file://$root/.umlync/state}")"
echo "export PULUMI_HOME=$(q "${PULUMI_HOME:-$root/.umlync/pulumi-home}")"
echo "export UMLYNC_PULUMI_ROOT=$(q "$(dirname "$cli_bin")")"
# `npm run build` (run by npm ci and npm test) type-checks the whole project; the language host
# then only transpiles index.ts and what it imports, about 10 s less per run (measured on the
# lab stack's preview: 18.6 s type-checked, 8.8 s transpiled). PULUMI_NODEJS_TRANSPILE_ONLY=false
# brings the check back.
echo "export PULUMI_NODEJS_TRANSPILE_ONLY=$(q "${PULUMI_NODEJS_TRANSPILE_ONLY:-true}")"
# No passphrase here: scripts/pulumi gives the lab stack an empty one, every other stack
# uses PULUMI_CONFIG_PASSPHRASE(_FILE) or the CLI's prompt.
