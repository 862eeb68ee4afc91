#!/usr/bin/env bash
# Checks the Prometheus rules: promtool check + promtool unit tests, plus project conventions
# (every alert tested on both sides of its for:, labels/annotations, runbook section, runbook
# and console URLs as scripts/runbook-urls.py writes them); and the example Alertmanager
# configuration: amtool check-config, the receiver every TillWatch alert is routed to, and inhibit
# rules that name real alerts.
# Exits non-zero on any failure. Usage: scripts/check-rules.sh
set -euo pipefail

cd "$(dirname "$0")/.."
RULES=alert-rules/tillwatch.rules.yml
TESTS=(alert-rules/tests/*.yml)
RUNBOOKS=docs/runbooks.md
ALERTMANAGER=alert-rules/alertmanager.example.yml

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

echo "== promtool check rules"
promtool check rules "$RULES"

echo "== promtool test rules"
promtool test rules "${TESTS[@]}"

echo "== runbook URLs"
python3 scripts/runbook-urls.py

echo "== conventions and test coverage"
python3 - "$RULES" "$RUNBOOKS" "${TESTS[@]}" <<'PY'
import re
import sys

import yaml

rules_path, runbooks_path, *test_paths = sys.argv[1:]
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
        if not ann.get("runbook_url"):
            errors.append(f"{name}: no runbook_url (add an empty 'runbook_url:' and run scripts/runbook-urls.py --write)")

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

if errors:
    print("\n".join("FAIL " + e for e in errors))
    sys.exit(1)
print(f"{len(groups)} rule groups, {records} recording rules, {len(alerts)} alerts: "
      f"every alert tested on both sides of its for:, conventions OK")
PY
echo "== amtool check-config"
amtool check-config "$ALERTMANAGER"

echo "== Alertmanager routing and inhibit rules"
python3 - "$RULES" "$ALERTMANAGER" <<'PY'
import re
import subprocess
import sys

import yaml

rules_path, am_path = sys.argv[1:]
alerts = {}
for g in yaml.safe_load(open(rules_path))["groups"]:
    for r in g["rules"]:
        if "alert" in r:
            alerts[r["alert"]] = r["labels"]["severity"]

# Where each severity must go (alertmanager.example.yml's header says why).
EXPECTED = {"critical": "tillwatch-pager", "warning": "tillwatch-ticket", "info": "null"}
SPECIAL = {"TillWatchWatchdog": "tillwatch-deadmansswitch"}
errors = []
for name, severity in sorted(alerts.items()):
    want = SPECIAL.get(name, EXPECTED[severity])
    # job and a kind, as the alerts carry them; a merchant label must not change the receiver.
    labels = [f"alertname={name}", f"severity={severity}", "job=tillwatch", "merchant=m001"]
    got = subprocess.run(["amtool", "config", "routes", "test", "--config.file=" + am_path, *labels],
                         capture_output=True, text=True).stdout.strip()
    if got != want:
        errors.append(f"{name} (severity {severity}) is routed to {got!r}, expected {want!r}")
# Alerts of other systems, and TillWatch alerts without a severity, reach a person.
for labels, want in ((["alertname=SomethingElse", "severity=info"], "tillwatch-ticket"),
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
