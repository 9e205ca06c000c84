#!/usr/bin/env bash
# Command 2: install what is missing, build everything (tests included) and run the whole suite through CTest.
# Extra arguments go to ctest (e.g. -R video).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset test
start=$(date +%s)
cmake --build --preset test -j "$(nproc)"
echo "build: $(( $(date +%s) - start )) s"
# GUI tests run under a real X server when xvfb-run is there (Qt's offscreen platform otherwise).
runner=()
if [ -z "${DISPLAY:-}" ]; then
  if command -v xvfb-run >/dev/null; then
    runner=(xvfb-run -a -s "-screen 0 1600x1000x24")
  else
    export QT_QPA_PLATFORM=offscreen
  fi
fi
"${runner[@]}" ctest --preset test -j "$(nproc)" "$@"
