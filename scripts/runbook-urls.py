#!/usr/bin/env python3
"""The one place the runbook base URL is stated.

Every alert's runbook_url is BASE followed by the alert name in lower case, the anchor of the
alert's section in docs/runbooks.md. Prometheus rule files have no constants or includes, and a
promtool test must spell out every annotation of the alert it expects, so the rules file and its
tests carry written-out copies: this script writes them (--write) or, by default, lists every
runbook_url line that differs from BASE + alert name and exits 1 (scripts/check-rules.sh runs it).

To move the runbooks: change BASE, run scripts/runbook-urls.py --write, then scripts/check-rules.sh.
"""
import glob
import os
import re
import sys

BASE = "https://github.com/tillwatch/tillwatch/blob/main/docs/runbooks.md#"

# In the rules file a runbook_url belongs to the "- alert:" above it; in a promtool test, to the
# "alertname:" of the alert_rule_test case it is expected in.
ALERT_NAME = re.compile(r"^\s*(?:- alert|alertname):\s*(\S+)\s*$")
RUNBOOK_URL = re.compile(r"^(\s*runbook_url:\s*)(\S*)(\s*)$")


def expected_lines(path):
    """Yields (line number, line as written, line as it should be)."""
    alert = None
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            name = ALERT_NAME.match(line)
            if name:
                alert = name.group(1)
            url = RUNBOOK_URL.match(line)
            if url:
                if alert is None:
                    raise SystemExit(f"{path}:{number}: runbook_url before any alert name")
                yield number, line, url.group(1) + BASE + alert.lower() + url.group(3)
            else:
                yield number, line, line


def main(write):
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    paths = [os.path.join(root, "alert-rules", "tillwatch.rules.yml")]
    paths += sorted(glob.glob(os.path.join(root, "alert-rules", "tests", "*.yml")))
    wrong = 0
    for path in paths:
        lines = list(expected_lines(path))
        differing = [(n, old, new) for n, old, new in lines if old != new]
        wrong += len(differing)
        if write and differing:
            with open(path, "w", encoding="utf-8") as f:
                f.writelines(new for _, _, new in lines)
        for n, old, new in differing:
            print(f"{os.path.relpath(path, root)}:{n}: {'rewrote' if write else 'expected'} {new.strip()}")
    if wrong and not write:
        print(f"{wrong} runbook_url(s) differ from {BASE}<alert name in lower case>; run scripts/runbook-urls.py --write")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main("--write" in sys.argv[1:]))
