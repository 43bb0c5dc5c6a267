#!/usr/bin/env bash
# Runs node/client.mjs (vscode-jsonrpc) against `cobro lsp` on a copy of
# node/flow.cobro, after node/setup has installed the client's dependency.
# A missing node or npm, or a failed install, fails the test.
#
#   tests/lsp/e2e/node_test.sh <cobro binary>
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cobro="$1"
"$here/node/setup"
workspace="$(mktemp -d)"
trap 'rm -rf "$workspace"' EXIT
cp "$here/node/flow.cobro" "$workspace/flow.cobro"
timeout 60 node "$here/node/client.mjs" "$cobro" "$workspace"
