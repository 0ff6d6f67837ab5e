#!/usr/bin/env bash
# Installs every Debian package Tradecast needs to build, run and test.
# Idempotent and quick when everything is present: apt is only touched for what is missing.
set -euo pipefail

PACKAGES=(
  # build
  build-essential cmake pkg-config ccache git
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsoci-dev libmariadb-dev libsqlite3-dev libhiredis-dev libsodium-dev
  libspdlog-dev libfmt-dev libtomlplusplus-dev libcli11-dev libcpp-jwt-dev nlohmann-json3-dev
  libcurl4-openssl-dev libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev clang-14 libclang-rt-14-dev
  clang-format-14 clang-tidy-14   # the format and lint gates (scripts/check-format.sh, check-tidy.sh)
  # media (GStreamer 1.22, in-process)
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev libgstreamer-plugins-bad1.0-dev
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad
  gstreamer1.0-plugins-ugly gstreamer1.0-libav gstreamer1.0-nice gstreamer1.0-tools
  # test services and tools
  mariadb-server mariadb-client redis-server chromium fonts-noto-color-emoji ffmpeg
  nodejs npm curl procps iproute2 sqlite3
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# node/npm may come from elsewhere (the machine image ships its own); accept any working pair.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for p in "${missing[@]}"; do [[ "$p" == nodejs || "$p" == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]}")
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
