#!/usr/bin/env bash
# Runs the whole test suite: unit, end-to-end (real MQTT clients, a real SQLite file, real
# PostgreSQL servers, separate daemon processes killed with SIGKILL), the Debian package installed,
# run and purged (as root, as CI runs) and the rule/dashboard checks. Installs what the tests
# need from Debian's packages first, so a fresh machine passes too.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v mosquitto_pub >/dev/null 2>&1 || need+=(mosquitto-clients)
[[ -x /usr/sbin/mosquitto ]] || need+=(mosquitto)
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
command -v amtool >/dev/null 2>&1 || need+=(prometheus-alertmanager)
# The console's browser tests (ConsoleBrowserIT) drive Debian's Chromium through its chromedriver.
[[ -x /usr/bin/chromium ]] || need+=(chromium)
[[ -x /usr/bin/chromedriver ]] || need+=(chromium-driver)
# The shared-store tests start their own PostgreSQL servers with initdb and pg_ctl (and the journal
# benchmark's peer is pgbench): Debian's server package brings all three.
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
# The package test (DebianPackageIT) installs target/tillwatch.deb with dpkg, which needs its
# dependencies present (a Java 17 runtime, adduser), checks the unit with systemd-analyze and runs
# the daemon as the package's user with setpriv (util-linux).
command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
command -v adduser >/dev/null 2>&1 || need+=(adduser)
java_pkgs=$(dpkg-query -W -f '${Status} ${Provides}\n' 2>/dev/null | grep '^install ok installed.*java17-runtime-headless' || true)
[[ -n "$java_pkgs" ]] || need+=(default-jre-headless)
# A CJK font, or the zh-CN screenshots show empty boxes where the Chinese labels are.
[[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]] || need+=(fonts-wqy-microhei)
if ((${#need[@]})); then
  echo "installing test dependencies: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

scripts/check-rules.sh
mvn -B -ntp verify "$@"
