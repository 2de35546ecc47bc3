#!/usr/bin/env bash
# Installs every Debian package that the build, the tests and the demo need.
# Idempotent and quiet when everything is already present.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git curl ca-certificates openssl
  libboost-dev                      # Beast + Asio (header-only in 1.74)
  nlohmann-json3-dev libsimdjson-dev
  libsqlite3-dev sqlite3
  libtomlplusplus-dev zlib1g-dev    # the configuration file (TOML); gzip of static files
  systemd                           # systemd-analyze verify of deploy/opencustoms.service (tests)
  libsodium-dev libssl-dev
  libjemalloc-dev                   # the server's allocator (see docs/architecture.md)
  libspdlog-dev libfmt-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libxgboost-dev                    # fraud model (C API)
  libicu-dev libxapian-dev          # HS classification: Unicode normalisation, stemmers
  iso-codes                         # ISO 3166-1 countries and ISO 4217 currencies (refdata/iso_codes.h)
  libgeos-dev                       # cargo tracking: corridors and geofences (tracking/route.h)
  mosquitto libmosquitto-dev        # cargo tracking: the devices' MQTT broker and its client library
  libfasttext-dev                   # HS classification: chapter and heading models
  libdcmtk-dev                      # X-ray: DICOS objects (xray/dicos.cc)
  libopencv-core-dev libopencv-imgproc-dev libopencv-imgcodecs-dev libopencv-ml-dev libopencv-objdetect-dev
                                    # X-ray: images, enhancement, threat models (not libopencv-dev:
                                    # it pulls VTK and Qt, which nothing here uses)
  nodejs npm                        # web front end and the OpenAPI linter
  chromium                          # the web app's end-to-end tests (driven by playwright-core)
  clang libclang-rt-14-dev          # fuzz targets (scripts/fuzz.sh): clang and its libFuzzer runtime
  libomp-dev                        # clang's OpenMP, which configuring src/ with clang looks for
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    # A newer Node.js installed outside apt also satisfies nodejs/npm.
    case "$p" in
      nodejs) command -v node >/dev/null 2>&1 && continue ;;
      npm) command -v npm >/dev/null 2>&1 && continue ;;
    esac
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
