#!/usr/bin/env bash
# Installs the Debian 12 packages AICL Studio needs, only those that are missing.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libtorch-dev libopenblas0-openmp libgloo-dev
  libgoogle-perftools-dev
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libgl-dev
  libqcustomplot-dev libqcustomplot2.1-qt6
  libavformat-dev libavcodec-dev libavutil-dev libswscale-dev
  libopencv-core-dev libopencv-imgproc-dev libopencv-video-dev
  libspdlog-dev nlohmann-json3-dev libicu-dev
  libgtest-dev
  xvfb xauth
  clang libclang-rt-14-dev
  dpkg-dev file desktop-file-utils appstream
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages present"
  exit 0
fi
echo "setup: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
