#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks for sipscope: the Debian packages the tests and
# live capture use (tshark as the oracle, sipp, tcpdump and jq to make real traffic, libpcap-dev to
# build the optional `cap` module), then the npm dependencies, which also builds the project.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
APT_PACKAGES=(tshark sip-tester tcpdump libpcap-dev jq)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
npm ci --no-audit --no-fund
