#!/usr/bin/env bash
# Installs what pfslab needs on a fresh Debian machine that has only Node 20 and npm:
# the system tools its tests and lab runs call, then the npm dependencies.
# Idempotent: a tool already present is not installed again.
set -euo pipefail
cd "$(dirname "$0")/.."

# command -> Debian package that provides it
declare -A NEED=(
  [tshark]=tshark      # pcap truth for the capture reader's cross-checks
  [tcpdump]=tcpdump    # real captures
  [ip]=iproute2        # network namespaces of the virtual lab
  [snmpget]=snmp       # net-snmp's tools: third-party peers of the PoE switch agent and driver
  [tftp]=tftp-hpa      # third-party TFTP client for the TFTP server's cross-tests
  [atftp]=atftp        # a second one, which asks for options tftp-hpa does not
  [in.tftpd]=tftpd-hpa # a third-party TFTP server for the TFTP driver's tests
  [ssh]=openssh-client # a real SSH client for the phones' SSH consoles
  [sshpass]=sshpass    # feeds that client its password in tests
  [sshd]=openssh-server  # a real capture host over SSH, for the capture driver's tests
  [snmpd]=snmpd        # net-snmp's agent: a third-party PoE table for the PoE driver's tests
  [chromium]=chromium  # the browser Playwright drives (CUCM web admin); never downloaded by npm
  [etcd]=etcd-server   # a real etcd for the lease store's tests (the tests start their own; no service is used)
  [logger]=bsdutils    # util-linux logger: a third-party syslog sender (RFC 3164 and 5424) for the receiver's tests
)

missing=()
for cmd in "${!NEED[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${NEED[$cmd]}")
done

if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  # tshark asks whether non-root users may capture; the default (no) is what we want.
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Playwright must use Debian's Chromium; its own browser download fails on closed networks.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund   # its `prepare` compiles build/ too
else
  # What users run (bin/pfslab.js, the virtual lab's processes) is the compiled JavaScript:
  # rebuilt every time, so that it always matches the sources.
  npm run build --silent
fi
echo "setup: ok"
