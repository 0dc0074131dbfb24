#!/usr/bin/env bash
# Builds the Pulumi CLI from the Go module proxy into a cache outside the repo, keyed by
# version, and prints the directory holding bin/pulumi. Only the first build on a machine
# is slow; later calls find the cached binary and return at once.
#
# Why a wrapper module: pkg/v3's go.mod has replace directives, so `go install pkg@version`
# is refused. Inside our own module those replaces are ignored, which is harmless on Linux.
#
# The Node.js language host (sdk/nodejs/cmd/pulumi-language-nodejs/v3) is not built: the
# module proxy reachable here answers 403 "This module version is not available" for every
# version of it, so umlync runs its programs inline through the Automation API instead.
set -euo pipefail

PULUMI_CLI_VERSION="${UMLYNC_PULUMI_CLI_VERSION:-v3.274.1}"
CACHE_ROOT="${UMLYNC_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/umlync}"
DEST="$CACHE_ROOT/pulumi-cli/$PULUMI_CLI_VERSION"

log() { printf '[umlync] %s\n' "$*" >&2; }

if [ -x "$DEST/bin/pulumi" ] && [ -f "$DEST/.complete" ]; then
  printf '%s\n' "$DEST"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  log "error: Go is not installed or not on PATH. The Pulumi CLI is built from Go modules"
  log "       (no download from get.pulumi.com is possible here). Install Go >= 1.25 and retry,"
  log "       or put a pulumi >= 3.181 on PATH and set UMLYNC_PULUMI=\$(command -v pulumi)."
  exit 3
fi

work="$CACHE_ROOT/pulumi-cli/.build-$PULUMI_CLI_VERSION.$$"
rm -rf "$work"; mkdir -p "$work" "$DEST/bin"
trap 'rm -rf "$work"' EXIT
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
log "step 1/2: resolving modules (go get); a cold machine downloads ~300 MB of sources"
start=$(date +%s)
if ! go get "github.com/pulumi/pulumi/pkg/v3@$PULUMI_CLI_VERSION" "github.com/pulumi/pulumi/sdk/v3@$PULUMI_CLI_VERSION" 2>go-get.log; then
  cat go-get.log >&2
  log "error: could not fetch github.com/pulumi/pulumi/pkg/v3@$PULUMI_CLI_VERSION from the Go module"
  log "       proxy ($(go env GOPROXY)). Check network access to the proxy, or pick a served"
  log "       version with UMLYNC_PULUMI_CLI_VERSION=v3.x.y."
  exit 4
fi
go mod tidy -e >/dev/null 2>&1 || true

log "step 2/2: compiling (a few minutes on 2 cores; progress dots every 15 s)"
( while sleep 15; do printf '.' >&2; done ) &
ticker=$!
set +e
CGO_ENABLED=0 go build -trimpath -tags osusergo,grpcnotrace \
  -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_CLI_VERSION" \
  -o "$DEST/bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi 2>go-build.log
rc=$?
set -e
kill "$ticker" 2>/dev/null || true; printf '\n' >&2
if [ $rc -ne 0 ]; then
  cat go-build.log >&2
  log "error: go build of the Pulumi CLI failed (exit $rc); see the compiler output above."
  exit 5
fi
touch "$DEST/.complete"
log "built $("$DEST/bin/pulumi" version) in $(( $(date +%s) - start )) s ($(du -h "$DEST/bin/pulumi" | cut -f1))"
printf '%s\n' "$DEST"
