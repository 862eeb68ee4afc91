#!/usr/bin/env bash
# Checks the monitoring files `tillwatch monitoring` generates (src/main/resources/monitoring/ are
# the templates, docs/monitoring.md the guide):
# - the committed alert-rules/ and dashboards/ are the generator's output for the defaults;
# - a set generated for a job name, runbook base, console and addresses that are not the defaults
#   passes promtool check config (the prometheus.yml fragment and the rule files it names),
#   promtool check rules, promtool test rules, the project's rule conventions (every alert tested
#   on both sides of its for:, labels/annotations, runbook section, runbook URL = base + alert name
#   in lower case), amtool check-config, and amtool config routes test for every alert (the
#   receiver of its severity, Watchdog to the dead man's switch); its files agree with each other
#   (job name, rule file path, Alertmanager and Prometheus addresses, scrape interval, dashboards).
# The generator is compiled alone with javac (its package uses the JDK only), so this runs before
# any Maven build. Exits non-zero on any failure. Usage: scripts/check-rules.sh
set -euo pipefail

cd "$(dirname "$0")/.."
RUNBOOKS=docs/runbooks.md
# Not the defaults in anything: a job name with the characters a name may have, a runbook base
# that is not a GitHub anchor, a console and addresses on other hosts and ports.
JOB=pos-watch_eu.2
RUNBOOK_BASE=https://runbooks.example.net/ops/tillwatch/
CONSOLE_URL=https://till.example.net/console/
TARGET=tw-1.example.net:9464
ALERTMANAGER=am.example.net:9094
PROMETHEUS_URL=https://prom.example.net:9091
GRAFANA_DIR=/srv/grafana/dashboards/pos
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

if ! command -v promtool >/dev/null 2>&1; then
  echo "promtool not found; installing Debian package prometheus" >&2
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get install -y prometheus >/dev/null 2>&1 || {
    $SUDO apt-get update >/dev/null && $SUDO apt-get install -y prometheus >/dev/null
  }
fi
promtool --version | head -n 1
if ! command -v amtool >/dev/null 2>&1; then
  echo "amtool not found; installing Debian package prometheus-alertmanager" >&2
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get install -y prometheus-alertmanager >/dev/null 2>&1 || {
    $SUDO apt-get update >/dev/null && $SUDO apt-get install -y prometheus-alertmanager >/dev/null
  }
fi
amtool --version 2>&1 | head -n 1

echo "== generate (javac of io.tillwatch.monitoring)"
javac -d "$WORK/classes" src/main/java/io/tillwatch/monitoring/*.java
generate() { java -cp "$WORK/classes:src/main/resources" io.tillwatch.monitoring.MonitoringMain "$@"; }
generate --out="$WORK/default"
generate --out="$WORK/custom" --job="$JOB" --runbook-base="$RUNBOOK_BASE" --console-url="$CONSOLE_URL" \
  --target="$TARGET" --alertmanager="$ALERTMANAGER" --prometheus-url="$PROMETHEUS_URL" \
  --grafana-dashboards-dir="$GRAFANA_DIR"
SET=$WORK/custom
RULES=$SET/alert-rules/tillwatch.rules.yml
TESTS=("$SET"/alert-rules/tests/*.yml)
PROMETHEUS=$SET/alert-rules/prometheus.example.yml
ALERTMANAGER_FILE=$SET/alert-rules/alertmanager.example.yml

echo "== committed alert-rules/ and dashboards/ are the output for the defaults"
for d in alert-rules dashboards; do
  diff -r "$WORK/default/$d" "$d" || {
    echo "FAIL $d/ differs from the templates' output: edit src/main/resources/monitoring/ and" \
      "regenerate (docs/monitoring.md)" >&2
    exit 1
  }
done

echo "== promtool check config (job $JOB)"
promtool check config "$PROMETHEUS"

echo "== promtool check rules"
promtool check rules "$RULES"

echo "== promtool test rules"
promtool test rules "${TESTS[@]}"

echo "== runbook and console URLs of the committed set"
python3 scripts/runbook-urls.py

echo "== conventions, test coverage and agreement between the generated files"
python3 - "$SET" "$RUNBOOKS" "$JOB" "$RUNBOOK_BASE" "$TARGET" "$ALERTMANAGER" "$PROMETHEUS_URL" "$GRAFANA_DIR" <<'PY'
import glob
import os
import re
import sys

import yaml

out, runbooks_path, job, runbook_base, target, alertmanager, prometheus_url, grafana_dir = sys.argv[1:]
rules_path = os.path.join(out, "alert-rules", "tillwatch.rules.yml")
test_paths = sorted(glob.glob(os.path.join(out, "alert-rules", "tests", "*.yml")))
errors = []

def seconds(d):
    total = 0
    for n, u in re.findall(r"(\d+)(ms|s|m|h|d)", str(d)):
        total += int(n) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}[u]
    return total

groups = yaml.safe_load(open(rules_path))["groups"]
alerts = {}
records = 0
for g in groups:
    for r in g["rules"]:
        if "record" in r:
            records += 1
            if not r["record"].startswith("tillwatch:"):
                errors.append(f"recording rule {r['record']}: name must start with tillwatch:")
            continue
        name = r["alert"]
        if name in alerts:
            errors.append(f"{name}: defined twice")
        alerts[name] = r
        if not re.fullmatch(r"TillWatch[A-Z][A-Za-z0-9]*", name):
            errors.append(f"{name}: not CamelCase with the TillWatch prefix")
        if "for" not in r:
            errors.append(f"{name}: no for:")
        if r.get("labels", {}).get("severity") not in ("critical", "warning", "info"):
            errors.append(f"{name}: severity must be critical, warning or info")
        ann = r.get("annotations", {})
        if not ann.get("summary") or "{{" in ann["summary"]:
            errors.append(f"{name}: summary must be present and fixed (no templating)")
        if "{{" not in ann.get("description", ""):
            errors.append(f"{name}: description must be templated")
        if ann.get("runbook_url") != runbook_base + name.lower():
            errors.append(f"{name}: runbook_url {ann.get('runbook_url')!r} is not --runbook-base + the name in lower case")
        # A job selector names the generated job, never another.
        for selected in re.findall(r'job\s*=~?\s*"([^"]*)"', r["expr"]):
            if selected != job:
                errors.append(f"{name}: selects job {selected!r}, the set was generated for {job!r}")

runbook = open(runbooks_path).read()
for name in alerts:
    if not re.search(rf"^#+ {name}\s*$", runbook, re.M):
        errors.append(f"{name}: no section '## {name}' in {runbooks_path}")

# For every alert: a test group with a firing case at t and an empty case at t - 1m.
covered = {}
for path in test_paths:
    doc = yaml.safe_load(open(path))
    step = seconds(doc.get("evaluation_interval", "1m"))
    for t in doc.get("tests", []):
        cases = {}
        for c in t.get("alert_rule_test", []) or []:
            cases.setdefault(c["alertname"], []).append((seconds(c["eval_time"]), bool(c.get("exp_alerts"))))
            for a in c.get("exp_alerts", []) or []:
                if a.get("exp_annotations", {}).get("runbook_url", runbook_base) != runbook_base + c["alertname"].lower():
                    errors.append(f"{path}: {c['alertname']} expects another runbook_url")
        for name, cs in cases.items():
            firing = {ts for ts, f in cs if f}
            quiet = {ts for ts, f in cs if not f}
            for ts in firing:
                fr = seconds(alerts.get(name, {}).get("for", "0s"))
                if fr == 0 or (ts - step) in quiet:
                    covered[name] = True
for name in alerts:
    if not covered.get(name):
        errors.append(f"{name}: no test with 'not firing' one evaluation before 'firing'")

# The files agree with each other.
prom_path = os.path.join(out, "alert-rules", "prometheus.example.yml")
prom = yaml.safe_load(open(prom_path))
jobs = [s["job_name"] for s in prom["scrape_configs"]]
if jobs != [job]:
    errors.append(f"prometheus.example.yml scrapes {jobs}, the rules select {job!r}")
for f in prom["rule_files"]:
    if os.path.realpath(os.path.join(os.path.dirname(prom_path), f)) != os.path.realpath(rules_path):
        errors.append(f"prometheus.example.yml loads {f!r}, not the generated rules")
if prom["scrape_configs"][0]["static_configs"][0]["targets"] != [target]:
    errors.append("prometheus.example.yml does not scrape --target")
if prom["alerting"]["alertmanagers"][0]["static_configs"][0]["targets"] != [alertmanager]:
    errors.append("prometheus.example.yml does not send to --alertmanager")
ds = yaml.safe_load(open(os.path.join(out, "dashboards", "provisioning", "datasource.yml")))["datasources"][0]
if ds["url"] != prometheus_url:
    errors.append("datasource.yml does not query --prometheus-url")
if seconds(ds["jsonData"]["timeInterval"]) != seconds(prom["scrape_configs"][0]["scrape_interval"]):
    errors.append("datasource.yml's timeInterval is not the scrape interval of prometheus.example.yml")
provider = yaml.safe_load(open(os.path.join(out, "dashboards", "provisioning", "dashboards.yml")))["providers"][0]
if provider["options"]["path"] != grafana_dir:
    errors.append("dashboards.yml does not read --grafana-dashboards-dir")
if not glob.glob(os.path.join(out, "dashboards", "*.json")):
    errors.append("no dashboard generated beside dashboards.yml")

if errors:
    print("\n".join("FAIL " + e for e in errors))
    sys.exit(1)
print(f"{len(groups)} rule groups, {records} recording rules, {len(alerts)} alerts: "
      f"every alert tested on both sides of its for:, conventions OK, files agree (job {job})")
PY
echo "== amtool check-config"
amtool check-config "$ALERTMANAGER_FILE"

echo "== Alertmanager routing and inhibit rules"
python3 - "$RULES" "$ALERTMANAGER_FILE" "$JOB" <<'PY'
import re
import subprocess
import sys

import yaml

rules_path, am_path, job = sys.argv[1:]
alerts = {}
for g in yaml.safe_load(open(rules_path))["groups"]:
    for r in g["rules"]:
        if "alert" in r:
            alerts[r["alert"]] = r["labels"]["severity"]

# Where each severity must go (alertmanager.example.yml's header says why): critical pages,
# warning becomes a ticket, info goes nowhere, the watchdog to the dead man's switch.
EXPECTED = {"critical": "tillwatch-pager", "warning": "tillwatch-ticket", "info": "null"}
SPECIAL = {"TillWatchWatchdog": "tillwatch-deadmansswitch"}
errors = []
for name, severity in sorted(alerts.items()):
    want = SPECIAL.get(name, EXPECTED[severity])
    # job and a kind, as the alerts carry them; a merchant label must not change the receiver.
    labels = [f"alertname={name}", f"severity={severity}", f"job={job}", "merchant=m001"]
    got = subprocess.run(["amtool", "config", "routes", "test", "--config.file=" + am_path, *labels],
                         capture_output=True, text=True).stdout.strip()
    if got != want:
        errors.append(f"{name} (severity {severity}) is routed to {got!r}, expected {want!r}")
# Alerts of other systems, and TillWatch alerts without a severity, reach a person; the watchdog
# as Prometheus really sends it (vector(1) has no job label) reaches the dead man's switch.
for labels, want in ((["alertname=SomethingElse", "severity=info"], "tillwatch-ticket"),
                     (["alertname=TillWatchWatchdog", "severity=info"], "tillwatch-deadmansswitch"),
                     (["alertname=TillWatchUnlabelled"], "tillwatch-ticket")):
    got = subprocess.run(["amtool", "config", "routes", "test", "--config.file=" + am_path, *labels],
                         capture_output=True, text=True).stdout.strip()
    if got != want:
        errors.append(f"{labels} is routed to {got!r}, expected {want!r}")

# Every alertname an inhibit rule matches on names at least one real alert.
am = yaml.safe_load(open(am_path))
for i, rule in enumerate(am.get("inhibit_rules", []), start=1):
    for side in ("source_matchers", "target_matchers"):
        for m in rule.get(side, []):
            mm = re.fullmatch(r'\s*alertname\s*(=~|=)\s*"([^"]*)"\s*', m)
            if not mm:
                continue
            op, value = mm.groups()
            hit = [a for a in alerts if (re.fullmatch(value, a) if op == "=~" else a == value)]
            if not hit:
                errors.append(f"inhibit rule #{i} {side}: {m} matches no alert in {rules_path}")
    if not rule.get("equal"):
        errors.append(f"inhibit rule #{i}: no equal labels (it would mute every job)")

if errors:
    print("\n".join("FAIL " + e for e in errors))
    sys.exit(1)
print(f"{len(alerts)} alerts routed to the receiver of their severity; "
      f"{len(am.get('inhibit_rules', []))} inhibit rules name real alerts")
PY
echo "== all rule checks passed"
