#!/usr/bin/env bash
# Command 1: install what is missing, build in Release, and launch AICL Studio.
#   scripts/run.sh                 the desktop application
#   scripts/run.sh generate ...    the headless command line (`aicl generate ...`; any `aicl` subcommand works)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"
if [ $# -gt 0 ] && [[ "$1" != -* ]]; then
  exec build/release/cli/aicl "$@"
fi
exec build/release/app/aicl-studio "$@"
