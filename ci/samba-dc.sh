#!/usr/bin/env bash
# A throwaway Samba AD domain controller on loopback, for hardmatch's integration tests.
#
#   ci/samba-dc.sh start   installs Samba if missing, provisions a domain in $SAMBA_DC_DIR (default: a
#                          fresh temporary folder), starts it and waits until an authenticated LDAPS
#                          search works; prints KEY=VALUE lines (also written to $SAMBA_DC_DIR/dc.env).
#                          When a DC of this script is already answering, only prints its env.
#   ci/samba-dc.sh stop    stops that DC by its pid and removes its folder. Safe to re-run.
#   ci/samba-dc.sh status  exit 0 and print the env when a DC of this script answers, else exit 1.
#
# Exit codes: 0 done; 1 failed; 2 this machine cannot run it (not root, Samba missing and not
# installable) — the tests skip on 2 unless HARDMATCH_REQUIRE_SAMBA=1.
#
# Needs root (Samba binds 389/636/3268/3269, which are fixed) and, when Samba is missing, apt-get.
# Only loopback: interfaces=127.0.0.1/8, no NetBIOS, no DNS. Never reads or writes /etc/samba: every
# samba and samba-tool call gets an explicit -s. Facts behind the options: notes/samba-dc.md.
set -euo pipefail
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

readonly STATE_FILE=/tmp/hardmatch-samba-dc.state # the folder of the DC last started
readonly LOCK_FILE=/tmp/hardmatch-samba-dc.lock
readonly MARKER=.hardmatch-samba-dc # only folders holding this are ever removed
readonly HOST_IP=127.0.0.1
readonly REALM=HARDMATCH.TEST
readonly DOMAIN=HARDMATCH
readonly BASE_DN=DC=hardmatch,DC=test
readonly PORTS=(389 636 3268 3269)
readonly PACKAGES=(samba samba-ad-dc samba-ad-provision samba-dsdb-modules samba-vfs-modules
  winbind ldb-tools ldap-utils openssl)
readonly WAIT_SECONDS=60

log() { echo "samba-dc: $*" >&2; }
die() {
  log "error: $*"
  exit 1
}
# The machine does not allow a DC (as opposed to a DC that failed).
unable() {
  log "cannot run a Samba DC here: $*"
  exit 2
}

# The DC's folder: $SAMBA_DC_DIR, else the one recorded by the last start.
dc_dir() {
  if [[ -n "${SAMBA_DC_DIR:-}" ]]; then
    echo "$SAMBA_DC_DIR"
  elif [[ -s "$STATE_FILE" ]]; then
    cat "$STATE_FILE"
  fi
}

dc_pid() {
  local dir=$1 pid
  [[ -s "$dir/run/samba.pid" ]] || return 1
  pid=$(tr -dc '0-9' <"$dir/run/samba.pid")
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

# Every samba process of this folder's DC. Samba rewrites its command line ("samba: root process"),
# so they are found by the files under the folder they hold open (log, databases).
dc_processes() {
  local dir=$1 pid
  for pid in $(pgrep -x samba 2>/dev/null || true); do
    if ls -l "/proc/$pid/fd" 2>/dev/null | grep -qF -- "$dir/"; then
      echo "$pid"
    fi
  done
}

# Processes of the packages' services (smbd, nmbd, winbindd, samba).
service_processes() {
  ps -eo pid=,comm= | awk '$2 ~ /^(smbd|nmbd|winbindd|samba|samba-dcerpcd)$/ {print $1}' | sort
}

listeners() {
  local p out=""
  for p in "${PORTS[@]}"; do
    out+=$(ss -Hltn "( sport = :$p )" 2>/dev/null | grep -E "(127\.0\.0\.1|0\.0\.0\.0|\*|\[::\]):$p\b" || true)
  done
  echo -n "$out"
}

answers() {
  local dir=$1
  [[ -s "$dir/dc.env" && -s "$dir/bind.password" ]] || return 1
  LDAPTLS_CACERT="$dir/tls/ca.pem" LDAPTLS_REQCERT=demand timeout 10 \
    ldapsearch -LLL -o nettimeout=5 -H "ldaps://$HOST_IP" -x -D "Administrator@$REALM" \
    -y "$dir/bind.password" -b "$BASE_DN" -s base dn >/dev/null 2>&1
}

install_packages() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  command -v apt-get >/dev/null || unable "Samba is not installed and there is no apt-get: install ${missing[*]}"
  log "installing ${missing[*]}"

  # Keep the packages' own services (smbd, nmbd broadcasting on every interface, samba-ad-dc) from
  # starting: policy-rc.d exiting 101 forbids it. Put back whatever policy-rc.d was there before.
  local policy=/usr/sbin/policy-rc.d backup="" before
  if [[ -e $policy ]]; then
    backup=$(mktemp /tmp/hardmatch-policy-rc.d.XXXXXX)
    cp -p "$policy" "$backup"
  fi
  # shellcheck disable=SC2064
  trap "restore_policy '$backup'" EXIT
  printf '#!/bin/sh\n# hardmatch ci/samba-dc.sh: no services started during install\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  before=$(service_processes)

  export DEBIAN_FRONTEND=noninteractive
  local apt_opts=(-y -q --no-install-recommends -o DPkg::Lock::Timeout=300
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
  if ! apt-get install "${apt_opts[@]}" "${missing[@]}" >/tmp/hardmatch-samba-apt.log 2>&1; then
    apt-get update -q -o DPkg::Lock::Timeout=300 >>/tmp/hardmatch-samba-apt.log 2>&1 || true
    apt-get install "${apt_opts[@]}" "${missing[@]}" >>/tmp/hardmatch-samba-apt.log 2>&1 ||
      unable "apt-get install ${missing[*]} failed; see /tmp/hardmatch-samba-apt.log"
  fi
  restore_policy "$backup"
  trap - EXIT

  # Whatever started anyway (a host without policy-rc.d support) is ours to stop.
  local after pid
  after=$(service_processes)
  for pid in $(comm -13 <(echo "$before") <(echo "$after")); do
    log "stopping $(ps -o comm= -p "$pid" 2>/dev/null || echo process) $pid started by the install"
    kill "$pid" 2>/dev/null || true
  done
}

restore_policy() {
  local backup=$1 policy=/usr/sbin/policy-rc.d
  if [[ -n "$backup" && -e "$backup" ]]; then
    mv -f "$backup" "$policy"
  elif grep -q 'hardmatch ci/samba-dc.sh' "$policy" 2>/dev/null; then
    rm -f "$policy"
  fi
}

make_certificates() {
  local tls=$1
  mkdir -p "$tls"
  (
    cd "$tls"
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=hardmatch test CA" \
      -keyout ca.key -out ca.pem -addext basicConstraints=critical,CA:TRUE \
      -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=dc1.${REALM,,}" -keyout key.pem -out server.csr 2>/dev/null
    printf '%s\n' "subjectAltName=IP:$HOST_IP,DNS:localhost,DNS:dc1.${REALM,,}" \
      'extendedKeyUsage=serverAuth' 'keyUsage=critical,digitalSignature,keyEncipherment' >server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 \
      -extfile server.ext -out cert.pem 2>/dev/null
    rm -f server.csr server.ext ca.srl
    chmod 600 key.pem ca.key
  )
}

write_env() {
  local dir=$1
  cat >"$dir/dc.env" <<EOF
LDAP_URL=ldap://$HOST_IP:389
LDAPS_URL=ldaps://$HOST_IP:636
BIND_DN=Administrator@$REALM
BIND_PASSWORD=$(cat "$dir/bind.password")
BASE_DN=$BASE_DN
CA_FILE=$dir/tls/ca.pem
REALM=$REALM
DOMAIN=$DOMAIN
SAMBA_DC_DIR=$dir
SMB_CONF=$dir/etc/smb.conf
EOF
  chmod 600 "$dir/dc.env"
}

start() {
  [[ $(id -u) -eq 0 ]] || unable "must run as root (Samba binds the fixed LDAP ports 389/636)"
  local dir
  dir=$(dc_dir)
  if [[ -n "$dir" ]] && dc_pid "$dir" >/dev/null && answers "$dir"; then
    log "already running in $dir"
    cat "$dir/dc.env"
    return 0
  fi
  # Something left over (a crashed run): clear it before a fresh start.
  if [[ -n "$dir" && -e "$dir/$MARKER" ]]; then
    log "cleaning up a stale DC in $dir"
    stop_dc "$dir"
  fi
  [[ -z "$(listeners)" ]] || die "another server already listens on an LDAP port of $HOST_IP:
$(listeners)"

  install_packages
  command -v samba >/dev/null || die "samba is not on PATH after install"

  if [[ -n "${SAMBA_DC_DIR:-}" ]]; then
    dir=$SAMBA_DC_DIR
    mkdir -p "$dir"
    if [[ -n "$(ls -A "$dir")" && ! -e "$dir/$MARKER" ]]; then
      die "$dir is not empty and not a folder of this script; pick an empty SAMBA_DC_DIR"
    fi
  else
    dir=$(mktemp -d /tmp/hardmatch-samba-dc.XXXXXX)
  fi
  dir=$(cd "$dir" && pwd -P)
  touch "$dir/$MARKER"
  echo "$dir" >"$STATE_FILE"
  mkdir -p "$dir/run" "$dir/log" "$dir/state"

  # Complexity rules: upper, lower, digit, symbol. Never passed on a command line.
  printf 'Hm1-%s' "$(openssl rand -hex 12)" >"$dir/bind.password"
  chmod 600 "$dir/bind.password"
  make_certificates "$dir/tls"

  local t0=$SECONDS
  log "provisioning $REALM in $dir"
  # server services: only ldap (389/636 and the global catalog 3268/3269). LDAP/LDAPS simple binds
  # need nothing else: no kdc, cldap or rpc; the defaults' nbt, dns and dnsupdate talk to the
  # network. SAMBA_DC_SERVICES overrides it (e.g. "ldap kdc" for Kerberos experiments).
  # -s /dev/null: never merge the host's smb.conf in. samba-tool takes the admin password only as an
  # argument; it is a throwaway password of a loopback-only DC, visible to root for a few seconds.
  if ! samba-tool domain provision -s /dev/null --use-rfc2307 --server-role=dc --dns-backend=NONE \
    --realm="$REALM" --domain="$DOMAIN" --adminpass="$(cat "$dir/bind.password")" \
    --targetdir="$dir" --host-name=dc1 --host-ip="$HOST_IP" \
    --option="interfaces=$HOST_IP/8" --option="bind interfaces only=yes" \
    --option="server services=${SAMBA_DC_SERVICES:-ldap}" \
    --option="pid directory=$dir/run" --option="ncalrpc dir=$dir/run/ncalrpc" \
    --option="winbindd socket directory=$dir/run/winbindd" \
    --option="ntp signd socket directory=$dir/run/ntp_signd" \
    --option="log file=$dir/log/samba.log" \
    --option="vfs objects=dfs_samba4 acl_xattr xattr_tdb" \
    --option="xattr_tdb:file=$dir/state/xattr.tdb" >"$dir/log/provision.log" 2>&1; then
    tail -20 "$dir/log/provision.log" >&2
    die "provisioning failed; the log is in $dir/log/provision.log"
  fi
  log "provisioned in $((SECONDS - t0)) s"

  # TLS options go into [global]; passed to provision they are not all kept.
  sed -i "/^\[global\]/a\\
\ttls enabled = yes\\
\ttls keyfile = $dir/tls/key.pem\\
\ttls certfile = $dir/tls/cert.pem\\
\ttls cafile = $dir/tls/ca.pem" "$dir/etc/smb.conf"

  write_env "$dir"
  # 9>&-: the daemon must not inherit (and hold forever) the lock of this script.
  samba -D -M single -s "$dir/etc/smb.conf" 9>&- || die "samba did not start; see $dir/log/samba.log"

  local deadline=$((SECONDS + WAIT_SECONDS))
  until answers "$dir"; do
    if ! dc_pid "$dir" >/dev/null && [[ -z "$(dc_processes "$dir")" ]] && ((SECONDS - t0 > 5)); then
      tail -20 "$dir/log/samba.log" >&2 || true
      die "samba exited; see $dir/log/samba.log"
    fi
    ((SECONDS < deadline)) || die "no authenticated LDAPS answer within ${WAIT_SECONDS}s; see $dir/log/samba.log"
    sleep 0.5
  done
  log "answering LDAPS on $HOST_IP:636 after $((SECONDS - t0)) s"
  cat "$dir/dc.env"
}

# Stops the DC of $1 (SIGTERM, then SIGKILL), checks nothing of it is left, removes the folder.
stop_dc() {
  local dir=$1 pid i
  pid=$(dc_pid "$dir" || true)
  local pids
  pids=$(
    echo "$pid"
    dc_processes "$dir"
  )
  pids=$(echo "$pids" | grep -E '^[0-9]+$' | sort -u || true)
  if [[ -n "$pids" ]]; then
    # shellcheck disable=SC2086
    kill -TERM $pids 2>/dev/null || true
    for i in $(seq 1 50); do
      # shellcheck disable=SC2086
      kill -0 $pids 2>/dev/null || break
      sleep 0.1
    done
    for pid in $pids; do
      if kill -0 "$pid" 2>/dev/null; then
        log "samba $pid ignored SIGTERM; killing it"
        kill -KILL "$pid" 2>/dev/null || true
      fi
    done
    for i in $(seq 1 20); do
      [[ -z "$(dc_processes "$dir")" ]] && break
      sleep 0.1
    done
  fi
  [[ -z "$(dc_processes "$dir")" ]] || die "samba processes of $dir are still running: $(dc_processes "$dir" | tr '\n' ' ')"
  for i in $(seq 1 30); do
    [[ -z "$(listeners)" ]] && break
    sleep 0.1
  done
  [[ -z "$(listeners)" ]] || die "something still listens on an LDAP port of $HOST_IP:
$(listeners)"
  if [[ -e "$dir/$MARKER" ]]; then
    rm -rf -- "$dir"
  fi
}

stop() {
  local dir
  dir=$(dc_dir)
  if [[ -z "$dir" || ! -d "$dir" ]]; then
    log "no DC to stop"
  elif [[ ! -e "$dir/$MARKER" ]]; then
    die "$dir was not made by this script; not touching it"
  else
    stop_dc "$dir"
    log "stopped and removed $dir"
  fi
  if [[ -s "$STATE_FILE" && "$(cat "$STATE_FILE")" == "$dir" ]]; then
    rm -f "$STATE_FILE"
  fi
  [[ -z "$(listeners)" ]] || die "something not started by this script listens on an LDAP port:
$(listeners)"
}

status() {
  local dir
  dir=$(dc_dir)
  if [[ -n "$dir" ]] && dc_pid "$dir" >/dev/null && answers "$dir"; then
    cat "$dir/dc.env"
  else
    return 1
  fi
}

main() {
  local cmd=${1:-}
  case "$cmd" in
  start | stop | status) ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 64
    ;;
  esac
  # One start or stop at a time on this machine (the ports are fixed).
  exec 9>"$LOCK_FILE"
  flock -w 300 9 || die "another ci/samba-dc.sh holds $LOCK_FILE"
  "$cmd"
}

main "$@"
