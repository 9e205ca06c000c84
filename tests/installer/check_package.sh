#!/usr/bin/env bash
# The DEB package of the current build, checked from the outside: builds it with cpack, unpacks it with dpkg-deb into
# a temporary root and runs the packaged programs there.
# Usage: check_package.sh CPACK BUILD_DIR SOURCE_DIR VERSION GUI(ON|OFF) [TINY_MODEL_DIR]
# Exit 0: passed; 77: skipped (dpkg-deb missing, or the default model is not in the source tree yet); else failed.
set -euo pipefail

CPACK=$1 BUILD=$2 SOURCE=$3 VERSION=$4 GUI=$5 TINY_MODEL=${6:-}
SKIP=77
MODEL_SUBDIR=usr/share/aicl-studio/models/actionworld
METAINFO=usr/share/metainfo/io.example.aiclstudio.metainfo.xml
DESKTOP=usr/share/applications/aicl-studio.desktop
ICON=usr/share/icons/hicolor/scalable/apps/aicl-studio.svg

fail() { echo "FAIL: $*" >&2; exit 1; }
if ! command -v dpkg-deb >/dev/null; then
  echo "SKIP: dpkg-deb not found (Debian's dpkg); the DEB package cannot be checked"
  exit $SKIP
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/aicl-package-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
# The packaged programs must not see the developer's model or write into the user's data folder.
unset AICL_MODEL
export AICL_DATA_DIR="$work/data"

echo "== cpack -G DEB in $BUILD"
if ! (cd "$BUILD" && "$CPACK" -G DEB -B "$work/out") >"$work/cpack.log" 2>&1; then
  cat "$work/cpack.log"
  fail "cpack -G DEB failed"
fi
shopt -s nullglob
debs=("$work"/out/*.deb)
[ ${#debs[@]} -eq 1 ] || fail "expected one .deb in $work/out, found ${#debs[@]}"
deb=${debs[0]}
echo "package: $(basename "$deb") ($(du -h "$deb" | cut -f1))"
dpkg-deb --field "$deb"

field() { dpkg-deb --field "$deb" "$1"; }
[ "$(field Package)" = aicl-studio ] || fail "Package is '$(field Package)', expected aicl-studio"
[ "$(field Version)" = "$VERSION" ] || fail "Version is '$(field Version)', expected $VERSION"
depends=$(field Depends)
# dpkg-shlibdeps found the libraries' packages:
[[ $depends == *libc6* ]] || fail "Depends has no libc6 (did dpkg-shlibdeps run?): $depends"
[[ $depends == *libtorch* ]] || fail "Depends has no LibTorch package: $depends"
if [ "$GUI" = ON ]; then
  [[ $depends == *libqt6widgets6* ]] || fail "Depends has no libqt6widgets6: $depends"
fi

dpkg-deb -x "$deb" "$work/root"
root=$(realpath "$work/root")

echo "== the programs run from the package"
out=$("$root/usr/bin/aicl" --version) || fail "aicl --version exited with $?"
[ "$out" = "aicl $VERSION" ] || fail "aicl --version printed '$out', expected 'aicl $VERSION'"
echo "$out"
if [ "$GUI" = ON ]; then
  # --version needs no display.
  out=$(env -u DISPLAY -u WAYLAND_DISPLAY "$root/usr/bin/aicl-studio" --version) ||
    fail "aicl-studio --version exited with $?"
  [ "$out" = "aicl-studio $VERSION" ] || fail "aicl-studio --version printed '$out', expected 'aicl-studio $VERSION'"
  echo "$out"
fi

if [ "$GUI" = ON ]; then
  echo "== desktop integration"
  for f in "$DESKTOP" "$ICON" "$METAINFO"; do
    [ -s "$root/$f" ] || fail "/$f is not in the package"
    echo "/$f"
  done
  grep -qx 'Exec=aicl-studio %F' "$root/$DESKTOP" || fail "the desktop file does not start aicl-studio"
  grep -qx 'Icon=aicl-studio' "$root/$DESKTOP" || fail "the desktop file names another icon"
  grep -q "<release version=\"$VERSION\"" "$root/$METAINFO" ||
    fail "the metainfo has no <release version=\"$VERSION\">: add the release to installer/$(basename "$METAINFO")"
  if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$root/$DESKTOP" || fail "desktop-file-validate"
  else
    echo "(desktop-file-validate not found: desktop file not validated)"
  fi
  if command -v appstreamcli >/dev/null; then
    # validate-tree also checks that the metainfo's launchable desktop file is installed beside it.
    appstreamcli validate-tree --no-net "$root" || fail "appstreamcli validate-tree"
  else
    echo "(appstreamcli not found: metainfo not validated)"
  fi

  echo "== translations compiled into aicl-studio"
  # rcc stores resource names as UTF-16BE: look for :/i18n/aicl_studio_<language>.qm's name in the program.
  for language in en zh_CN de; do
    name="aicl_studio_$language.qm"
    pattern=$(printf '%s' "$name" | sed 's/./\\x00&/g')
    LC_ALL=C grep -qaP "$pattern" "$root/usr/bin/aicl-studio" || fail "$name is not compiled into aicl-studio"
    echo ":/i18n/$name"
  done
fi

echo "== the default model at its installed path"
model_source="$SOURCE/assets/models/actionworld"
model="$root/$MODEL_SUBDIR"
# Every file of the source tree's model folder is packaged (hidden temporaries excepted), and nothing else.
(cd "$model_source" && find . -mindepth 1 -name '.*' -prune -o -type f -print | sort) >"$work/model.source"
(cd "$model" && find . -type f | sort) >"$work/model.package" || fail "/$MODEL_SUBDIR is not in the package"
diff "$work/model.source" "$work/model.package" || fail "the packaged model differs from $model_source"
sed 's|^\.|  /'"$MODEL_SUBDIR"'|' "$work/model.package"

echo "== the example reference sets at their installed path"
examples="$root/usr/share/aicl-studio/examples"
[ -f "$examples/examples.json" ] || fail "/usr/share/aicl-studio/examples/examples.json is not in the package"
(cd "$SOURCE/assets/examples" && find . -type f | sort) >"$work/examples.source"
(cd "$examples" && find . -type f | sort) >"$work/examples.package"
diff "$work/examples.source" "$work/examples.package" || fail "the packaged examples differ from assets/examples"
echo "  $(wc -l <"$work/examples.package") files"

shipped=1
if [ ! -f "$model_source/model_index.json" ]; then
  shipped=0
  echo "the default model is not in the source tree yet ($model_source has no model_index.json)"
  if [ -z "$TINY_MODEL" ] || [ ! -f "$TINY_MODEL/model_index.json" ]; then
    echo "SKIP: no default model to find (and no tiny model to stand in for it)"
    exit $SKIP
  fi
  echo "the tiny test model stands in for it at /$MODEL_SUBDIR"
  rm -rf "$model"
  cp -rL "$TINY_MODEL" "$model"
fi
[ -f "$model/model_index.json" ] || fail "/$MODEL_SUBDIR/model_index.json is not in the package"
out=$("$root/usr/bin/aicl" inspect 2>&1) || { echo "$out"; fail "aicl inspect (no --model, AICL_MODEL unset) failed"; }
echo "$out"
found=$(printf '%s\n' "$out" | sed -n 's/^model: //p')
[ "$found" = "$model" ] || fail "aicl inspect used '$found', expected the installed model $model"

if [ $shipped = 0 ]; then
  echo "SKIP: everything else passed; the installed-path lookup works, but the default model itself is not shipped"
  exit $SKIP
fi
echo "PASS"
