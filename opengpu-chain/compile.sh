#!/usr/bin/env bash
# Compiles TaskBook.sol with solc (solcjs 0.8.37 from the npm registry, installed under .relay/npm by the
# infrastructure script) into the bytecode this module ships: src/main/resources/dev/relay/opengpu/*.bin.
# Run it after editing the contract; CompiledContractsTest fails while the shipped bytecode is stale.
#   opengpu-chain/compile.sh [OUT_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../scripts/lib.sh"
source "$RELAY_ROOT/scripts/infra.sh"
out="${1:-$here/src/main/resources/dev/relay/opengpu}"
solcjs="$(chain_tools)/node_modules/.bin/solcjs"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
# From the source's directory with a bare file name, so the metadata (and so the bytecode) does not depend on
# where the checkout lives.
(cd "$here/src/main/solidity" && "$solcjs" --bin --optimize --optimize-runs 200 -o "$tmp" TaskBook.sol >/dev/null)
mkdir -p "$out"
cp "$tmp/TaskBook_sol_TaskBook.bin" "$out/TaskBook.bin"
cp "$tmp/TaskBook_sol_OpenGpuTask.bin" "$out/OpenGpuTask.bin"
