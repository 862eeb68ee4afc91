#!/usr/bin/env python3
"""Checks the runbook and console URLs of the committed alert rules and their tests.

Every alert's runbook_url is BASE followed by the alert name in lower case, the anchor of the
alert's section in docs/runbooks.md. Alerts about operator tasks also carry a console_url: the
operator console's inbox filtered to the tasks the alert is about, CONSOLE followed by the alert's
filter in CONSOLE_FILTERS. alert-rules/ is generated (docs/monitoring.md), with these defaults:
this script lists every runbook_url and console_url line that differs (and every alert of
CONSOLE_FILTERS without a console_url) and exits 1 (scripts/check-rules.sh runs it). To move the
runbooks or the console, generate the rules for your setup with
`tillwatch monitoring --runbook-base=URL --console-url=URL`; the shipped console placeholder,
https://tillwatch.example/console/, resolves nowhere on purpose.
"""
import glob
import os
import re
import sys

BASE = "https://github.com/tillwatch/tillwatch/blob/main/docs/runbooks.md#"

CONSOLE = "https://tillwatch.example/console/"

# The console's inbox route and its filters (several values of one filter separated by commas).
MONEY = "UNCONFIRMED_SALE,UNPRINTED_RECEIPT,DOUBLE_CHARGE_RISK,STUCK_REVERSAL"
CONSOLE_FILTERS = {
    "TillWatchUnconfirmedSalesHigh": "kind=UNCONFIRMED_SALE",
    "TillWatchUnprintedReceiptsHigh": "kind=UNPRINTED_RECEIPT",
    "TillWatchOperatorBacklogGrowing": "kind=" + MONEY,
    "TillWatchAcquirerOutageSuspected": "kind=UNCONFIRMED_SALE",
    "TillWatchDoubleChargeRisk": "kind=DOUBLE_CHARGE_RISK",
    "TillWatchStuckReversal": "kind=STUCK_REVERSAL",
    "TillWatchMoneyTaskOpenTooLong": "kind=UNCONFIRMED_SALE,DOUBLE_CHARGE_RISK,STUCK_REVERSAL",
    "TillWatchTaskOpenTooLong": "kind=UNPRINTED_RECEIPT,TELEMETRY_GAP,UPLOAD_BACKLOG",
    "TillWatchTasksOverdue": "severity=critical",
    "TillWatchBillChargesNotSeen": "kind=SETTLED_NOT_SEEN",
    "TillWatchTerminalsSilentBurst": "kind=TERMINAL_SILENT",
    "TillWatchTelemetryGapsHigh": "kind=TELEMETRY_GAP",
    "TillWatchUploadBacklogHigh": "kind=UPLOAD_BACKLOG",
}


def console_url(alert):
    return CONSOLE + "#/inbox?" + CONSOLE_FILTERS[alert]

# In the rules file a runbook_url belongs to the "- alert:" above it; in a promtool test, to the
# "alertname:" of the alert_rule_test case it is expected in.
ALERT_NAME = re.compile(r"^\s*(?:- alert|alertname):\s*(\S+)\s*$")
RUNBOOK_URL = re.compile(r"^([ \t]*runbook_url:[ \t]*)(\S*)(\s*)$")
CONSOLE_URL = re.compile(r"^([ \t]*console_url:[ \t]*)(\S*)(\s*)$")


def spaced(key):
    """An empty "runbook_url:" gets its value after a space, or YAML would read one plain scalar."""
    return key if key.endswith((" ", "\t")) else key + " "


def expected_lines(path, with_console):
    """Yields (line number, line as written, line as it should be); notes alerts with a console_url."""
    alert = None
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            name = ALERT_NAME.match(line)
            if name:
                alert = name.group(1)
            url = RUNBOOK_URL.match(line)
            console = CONSOLE_URL.match(line)
            if url or console:
                if alert is None:
                    raise SystemExit(f"{path}:{number}: a URL annotation before any alert name")
            if url:
                yield number, line, spaced(url.group(1)) + BASE + alert.lower() + url.group(3)
            elif console:
                if alert not in CONSOLE_FILTERS:
                    raise SystemExit(f"{path}:{number}: {alert} has a console_url but no filter in CONSOLE_FILTERS")
                with_console.add(alert)
                yield number, line, spaced(console.group(1)) + console_url(alert) + console.group(3)
            else:
                yield number, line, line


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    paths = [os.path.join(root, "alert-rules", "tillwatch.rules.yml")]
    paths += sorted(glob.glob(os.path.join(root, "alert-rules", "tests", "*.yml")))
    wrong = 0
    for path in paths:
        with_console = set()
        lines = list(expected_lines(path, with_console))
        if path == paths[0]:
            for alert in sorted(set(CONSOLE_FILTERS) - with_console):
                print(f"alert-rules/tillwatch.rules.yml: {alert} has no console_url annotation")
                wrong += 1
        differing = [(n, old, new) for n, old, new in lines if old != new]
        wrong += len(differing)
        for n, old, new in differing:
            print(f"{os.path.relpath(path, root)}:{n}: expected {new.strip()}")
    if wrong:
        print(f"{wrong} runbook_url/console_url line(s) differ from {BASE}<alert name in lower case> or "
              f"{CONSOLE}#/inbox?<filter>; fix the templates in src/main/resources/monitoring/ and regenerate "
              f"(docs/monitoring.md)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
