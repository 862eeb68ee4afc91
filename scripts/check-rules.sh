#!/usr/bin/env bash
# Checks the Prometheus rules: promtool check + promtool unit tests, plus project conventions
# (every alert tested on both sides of its for:, labels/annotations, runbook section, runbook
# URLs as scripts/runbook-urls.py writes them).
# Exits non-zero on any failure. Usage: scripts/check-rules.sh
set -euo pipefail

cd "$(dirname "$0")/.."
RULES=alert-rules/tillwatch.rules.yml
TESTS=(alert-rules/tests/*.yml)
RUNBOOKS=docs/runbooks.md

if ! command -v promtool >/dev/null 2>&1; then
  echo "promtool not found; installing Debian package prometheus" >&2
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get install -y prometheus >/dev/null 2>&1 || {
    $SUDO apt-get update >/dev/null && $SUDO apt-get install -y prometheus >/dev/null
  }
fi
promtool --version | head -n 1

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
echo "== all rule checks passed"
