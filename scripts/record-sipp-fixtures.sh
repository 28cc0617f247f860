#!/usr/bin/env bash
# Records real SIP traffic for fixtures/: sipp's built-in UAC and UAS scenarios on loopback,
# 3 calls over UDP and 3 over TCP, captured by tcpdump. Needs root (tcpdump on lo) and sipp.
# The files are committed; run this only to remake them.
set -euo pipefail
cd "$(dirname "$0")/.."
record() { # transport flag, uas port, uac port, output
  local tflag=$1 uas=$2 uac=$3 out=$4
  tcpdump -i lo -U --immediate-mode -s 0 -w "$out" "port $uas or port $uac" >/dev/null 2>&1 &
  local td=$!
  sleep 1
  sipp -sn uas -i 127.0.0.1 -p "$uas" $tflag -bg >/dev/null 2>&1 || true  # sipp -bg exits non-zero in the parent
  sleep 0.5
  timeout 30 sipp -sn uac 127.0.0.1:"$uas" -i 127.0.0.1 -p "$uac" $tflag -m 3 -r 10 -nostdin >/tmp/uac-$uas.log 2>&1 || echo "sipp uac failed: see /tmp/uac-$uas.log" >&2
  sleep 0.5
  pkill -f "sipp -sn uas -i 127.0.0.1 -p $uas" || true
  sleep 0.5
  kill "$td"
  wait "$td" 2>/dev/null || true
}
record "-t u1" 5071 5070 fixtures/sipp-udp-3-calls.pcap
record "-t t1" 5081 5080 fixtures/sipp-tcp-3-calls.pcap
echo "wrote fixtures/sipp-udp-3-calls.pcap fixtures/sipp-tcp-3-calls.pcap"
