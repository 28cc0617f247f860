#!/usr/bin/env bash
# One command on a fresh Debian machine: install everything, build, and run sipscope on the
# bundled demo capture.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
echo
echo "== sipscope messages fixtures/demo-calls.pcap"
node bin/sipscope.js messages fixtures/demo-calls.pcap
echo
echo "== sipscope calls fixtures/demo-calls.pcap"
node bin/sipscope.js calls fixtures/demo-calls.pcap
