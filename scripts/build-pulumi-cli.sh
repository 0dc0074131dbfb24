#!/usr/bin/env bash
# Builds the Pulumi CLI and the Node.js language host from the Go module proxy into a cache
# outside the repo, keyed by CLI version, and prints the directory holding bin/pulumi and
# bin/pulumi-language-nodejs (stdout carries only that directory; progress goes to stderr).
# Only the first build on a machine is slow; later calls find the cached binaries and return
# at once. Each binary has its own completion marker, so a cache that already holds the CLI
# (built by an older version of this script) only gains the language host.
#
# Why a wrapper module: pkg/v3's go.mod has replace directives, so `go install pkg@version`
# is refused. Inside our own module those replaces are ignored, which is harmless on Linux.
#
# The Node.js language host sits next to `pulumi`, where the CLI takes it as a bundled plugin
# (no "using pulumi-language-nodejs from $PATH" warning). It is what runs Pulumi.yaml + index.ts
# for `scripts/pulumi up` and the end-to-end tests; only the benchmark's inline Automation API
# programs do without it.
#
# What differs from a current host (CLI v3.274.1 + host v3.68.0, checked command by command):
# - Pulumi.yaml's runtime options (typescript, tsconfig, nodeargs) are ignored: the new CLI
#   sends them in the RunRequest, the old host only reads them as command-line flags. Use the
#   environment instead: PULUMI_NODEJS_TSCONFIG_PATH, NODE_OPTIONS. TypeScript is always on.
# - pulumi.getRootDirectory() returns a placeholder (the old host never passes it); the
#   program runs in the project directory, so process.cwd() is that directory.
# - GetRequiredPackages is unknown to the old host; the CLI falls back to GetRequiredPlugins
#   by itself (visible only in -v=9 logs). Every command of the README works.
set -euo pipefail

PULUMI_CLI_VERSION="${UMLYNC_PULUMI_CLI_VERSION:-v3.274.1}"
# The language host is built from github.com/pulumi/pulumi/sdk/v3 v3.68.0: that is the newest
# sdk/v3 that still contains nodejs/cmd/pulumi-language-nodejs. v3.69.0 moved it into its own
# module (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3), and the module
# proxy reachable here answers 403 "This module version is not available" for every version
# of that module. It needs its own wrapper module, since the CLI needs sdk/v3 $PULUMI_CLI_VERSION.
# Set UMLYNC_SKIP_NODEJS_HOST=1 to build/return the CLI without it (the benchmark's inline runs don't need it).
PULUMI_NODEJS_HOST_VERSION="${UMLYNC_PULUMI_NODEJS_HOST_VERSION:-v3.68.0}"
CACHE_ROOT="${UMLYNC_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/umlync}"
DEST="$CACHE_ROOT/pulumi-cli/$PULUMI_CLI_VERSION"
HOST_MARKER="$DEST/.complete-language-nodejs"   # holds the host's sdk/v3 version

log() { printf '[umlync] %s\n' "$*" >&2; }

need_cli=1
if [ -x "$DEST/bin/pulumi" ] && [ -f "$DEST/.complete" ]; then need_cli=0; fi
need_host=1
if [ -n "${UMLYNC_SKIP_NODEJS_HOST:-}" ] || { [ -x "$DEST/bin/pulumi-language-nodejs" ] &&
   [ "$(cat "$HOST_MARKER" 2>/dev/null)" = "$PULUMI_NODEJS_HOST_VERSION" ]; }; then
  need_host=0
fi
if [ $need_cli -eq 0 ] && [ $need_host -eq 0 ]; then
  printf '%s\n' "$DEST"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  log "error: Go is not installed or not on PATH. The Pulumi CLI and its Node.js language host"
  log "       are built from Go modules (no download from get.pulumi.com is possible here)."
  log "       Install Go >= 1.25 and retry, or put a pulumi >= 3.181 on PATH and set"
  log "       UMLYNC_PULUMI=\$(command -v pulumi)."
  exit 3
fi

steps=$(( 2 * (need_cli + need_host) )); step=0
next_step() { step=$((step + 1)); log "step $step/$steps: $*"; }
ticker=""
work=""
cleanup() {
  if [ -n "$ticker" ]; then kill "$ticker" 2>/dev/null || true; fi
  if [ -n "$work" ]; then rm -rf "$work"; fi
  rm -f "$DEST/bin/pulumi-language-nodejs.$$"
}
trap cleanup EXIT
start_ticker() { ( while sleep 15; do printf '.' >&2; done ) & ticker=$!; }
stop_ticker() { kill "$ticker" 2>/dev/null || true; ticker=""; printf '\n' >&2; }
mkdir -p "$DEST/bin"

# `go build "$@"` with the progress ticker; on failure prints the compiler output and names
# what failed, and returns non-zero for the caller to add its advice and exit code.
go_build() {
  local what=$1; shift
  start_ticker
  local rc=0
  CGO_ENABLED=0 go build "$@" 2>go-build.log || rc=$?
  stop_ticker
  if [ $rc -ne 0 ]; then
    cat go-build.log >&2
    log "error: go build of $what failed (exit $rc); see the compiler output above."
    return 1
  fi
}

build_cli() {
  work="$CACHE_ROOT/pulumi-cli/.build-$PULUMI_CLI_VERSION.$$"
  rm -rf "$work"; mkdir -p "$work"
  cd "$work"

  cat > go.mod <<MOD
module umlync.local/pulumi-cli-build

go 1.25
MOD
  cat > tools.go <<'GO'
//go:build tools

package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
GO

  log "building Pulumi CLI $PULUMI_CLI_VERSION from the Go module proxy into $DEST"
  next_step "resolving CLI modules (go get); a cold machine downloads ~300 MB of sources"
  start=$(date +%s)
  if ! go get "github.com/pulumi/pulumi/pkg/v3@$PULUMI_CLI_VERSION" "github.com/pulumi/pulumi/sdk/v3@$PULUMI_CLI_VERSION" 2>go-get.log; then
    cat go-get.log >&2
    log "error: could not fetch github.com/pulumi/pulumi/pkg/v3@$PULUMI_CLI_VERSION from the Go module"
    log "       proxy ($(go env GOPROXY)). Check network access to the proxy, or pick a served"
    log "       version with UMLYNC_PULUMI_CLI_VERSION=v3.x.y."
    exit 4
  fi
  go mod tidy -e >/dev/null 2>&1 || true

  next_step "compiling the CLI (a few minutes on 2 cores; progress dots every 15 s)"
  go_build "the Pulumi CLI" -trimpath -tags osusergo,grpcnotrace \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_CLI_VERSION" \
    -o "$DEST/bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi || exit 5
  touch "$DEST/.complete"
  log "built $("$DEST/bin/pulumi" version) in $(( $(date +%s) - start )) s ($(du -h "$DEST/bin/pulumi" | cut -f1))"
  cd /; rm -rf "$work"; work=""
}

build_host() {
  host_pkg=github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs
  work="$CACHE_ROOT/pulumi-cli/.build-language-nodejs-$PULUMI_NODEJS_HOST_VERSION.$$"
  rm -rf "$work"; mkdir -p "$work"
  cd "$work"

  cat > go.mod <<MOD
module umlync.local/pulumi-language-nodejs-build

go 1.25
MOD

  log "building the Node.js language host (sdk/v3 $PULUMI_NODEJS_HOST_VERSION) into $DEST/bin"
  next_step "resolving language host modules (go get); a cold Go module cache fetches ~340 MB of sources"
  start=$(date +%s)
  # Getting the package (not just the module) records go.sum entries for all its imports,
  # so no tools.go / go mod tidy is needed here.
  if ! go get "$host_pkg@$PULUMI_NODEJS_HOST_VERSION" 2>go-get.log; then
    cat go-get.log >&2
    log "error: could not fetch $host_pkg@$PULUMI_NODEJS_HOST_VERSION"
    log "       from the Go module proxy ($(go env GOPROXY)). Check network access to the proxy;"
    log "       only sdk/v3 <= v3.68.0 contains the host. To build the CLI without it (the"
    log "       benchmark's inline runs only), set UMLYNC_SKIP_NODEJS_HOST=1."
    exit 6
  fi

  next_step "compiling the language host (~2 min on 2 cores, seconds with a warm Go build cache; dots every 15 s)"
  if ! go_build "pulumi-language-nodejs (sdk/v3 $PULUMI_NODEJS_HOST_VERSION)" -trimpath \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_NODEJS_HOST_VERSION" \
    -o "$DEST/bin/pulumi-language-nodejs.$$" "$host_pkg"; then
    log "       The package exists only in sdk/v3 <= v3.68.0. To build the CLI without the host"
    log "       (the benchmark's inline runs only), set UMLYNC_SKIP_NODEJS_HOST=1."
    exit 7
  fi
  # Built under a temporary name and renamed, so a CLI running from $DEST/bin never sees a
  # half-written host.
  mv -f "$DEST/bin/pulumi-language-nodejs.$$" "$DEST/bin/pulumi-language-nodejs"
  printf '%s\n' "$PULUMI_NODEJS_HOST_VERSION" > "$HOST_MARKER"
  log "built pulumi-language-nodejs $PULUMI_NODEJS_HOST_VERSION in $(( $(date +%s) - start )) s ($(du -h "$DEST/bin/pulumi-language-nodejs" | cut -f1))"
}

if [ $need_cli -eq 1 ]; then build_cli; fi
if [ $need_host -eq 1 ]; then build_host; fi
printf '%s\n' "$DEST"
