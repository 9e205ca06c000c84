#!/usr/bin/env bash
# Refreshes the Qt Linguist files from the tr() calls in app/ and widgets/ (new strings come in unfinished, removed
# ones go). The same as `cmake --build BUILD --target update_translations`, without a build folder.
# Then translate with `linguist translations/aicl_studio_de.ts` (or edit the XML); the build compiles them.
set -euo pipefail
cd "$(dirname "$0")/.."
# Qt 6's lupdate (Debian's /usr/bin/lupdate is qtchooser's, which runs Qt 5's); LUPDATE=... overrides.
LUPDATE=${LUPDATE:-/usr/lib/qt6/bin/lupdate}
[ -x "$LUPDATE" ] || LUPDATE=$(command -v lupdate6 || command -v lupdate)
"$LUPDATE" -no-obsolete -locations relative -I app -I widgets app widgets \
  -ts translations/aicl_studio_en.ts translations/aicl_studio_zh_CN.ts translations/aicl_studio_de.ts "$@"
