#!/usr/bin/env bash
# Installs the Debian packages given as arguments when they are missing, so a fresh machine can run
# the tests that need them (e.g. ldap-utils for ldapsearch). Installing needs root and apt-get;
# without them it says what to install and exits 3. Packages' own services are kept from starting.
#
#   ci/ensure-packages.sh ldap-utils openssl
#
# Exit codes: 0 all present (or installed), 2 usage, 3 cannot install on this machine,
# 4 apt-get failed.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 PACKAGE..." >&2
  exit 2
fi

missing=()
for pkg in "$@"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-packages: missing ${missing[*]}, and this machine has no apt-get; install them by hand" >&2
  exit 3
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-packages: missing ${missing[*]}; run as root, or: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
  exit 3
fi

export DEBIAN_FRONTEND=noninteractive
apt_opts=(-y -q --no-install-recommends -o DPkg::Lock::Timeout=300)

# Keep any service a package ships from starting (a policy-rc.d that says "no"), unless the
# machine already has its own policy.
policy=/usr/sbin/policy-rc.d
own_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  own_policy=1
fi
cleanup() {
  if [ "$own_policy" -eq 1 ]; then
    rm -f "$policy"
  fi
}
trap cleanup EXIT

# apt-get update once, and only when needed: no package lists yet, or an install that failed
# because the lists are stale.
have_lists() {
  compgen -G "/var/lib/apt/lists/*_Packages" >/dev/null || compgen -G "/var/lib/apt/lists/*_Packages.*" >/dev/null
}
updated=0
if ! have_lists; then
  echo "ensure-packages: apt-get update" >&2
  apt-get update -q -o DPkg::Lock::Timeout=300 >&2 || { echo "ensure-packages: apt-get update failed" >&2; exit 4; }
  updated=1
fi
echo "ensure-packages: installing ${missing[*]}" >&2
if ! apt-get install "${apt_opts[@]}" "${missing[@]}" >&2; then
  if [ "$updated" -eq 1 ]; then
    echo "ensure-packages: apt-get install ${missing[*]} failed" >&2
    exit 4
  fi
  echo "ensure-packages: retrying after apt-get update" >&2
  apt-get update -q -o DPkg::Lock::Timeout=300 >&2 || { echo "ensure-packages: apt-get update failed" >&2; exit 4; }
  if ! apt-get install "${apt_opts[@]}" "${missing[@]}" >&2; then
    echo "ensure-packages: apt-get install ${missing[*]} failed" >&2
    exit 4
  fi
fi
