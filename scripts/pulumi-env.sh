#!/usr/bin/env bash
# Prints `export` lines that put a usable Pulumi CLI (and the dynamic-provider shim) on PATH
# with offline defaults. Used by scripts/pulumi and by the Automation API runner.
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
# Lab stacks use an empty passphrase; set PULUMI_CONFIG_PASSPHRASE(_FILE) for real stacks.
if [ -z "${PULUMI_CONFIG_PASSPHRASE+x}" ] && [ -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]; then
  echo "export PULUMI_CONFIG_PASSPHRASE="
fi
