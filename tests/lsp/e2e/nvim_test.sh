#!/usr/bin/env bash
# Runs nvim_client.lua in headless Neovim against `cobro lsp` on a copy of
# flow.cobro. A missing Neovim fails the test (.ci/install-deps installs it).
#
#   tests/lsp/e2e/nvim_test.sh <cobro binary>
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cobro="$1"
if ! command -v nvim > /dev/null; then
  echo "FAIL: nvim is not installed; run .ci/install-deps" >&2
  exit 1
fi
workspace="$(mktemp -d)"
trap 'rm -rf "$workspace"' EXIT
cp "$here/flow.cobro" "$workspace/flow.cobro"
# A Lua error can leave Neovim waiting for input: the timeout ends it.
COBRO_BIN="$cobro" timeout 60 nvim --headless --clean -u NONE -i NONE -n \
  -c "luafile $here/nvim_client.lua" "$workspace/flow.cobro" < /dev/null
