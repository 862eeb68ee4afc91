#!/usr/bin/env python3
"""Summarises bench/backoffice-outage.sh: detection lag and ingest latency of the run whose back office
was down against its peer (same machine, same time), and the breaker/pending-check timeline."""
import re
import sys


def buckets(text, name):
    out = {}
    for line in text.splitlines():
        if line.startswith(name + "_bucket{"):
            le = re.search(r'le="([^"]+)"', line).group(1)
            key = float("inf") if le == "+Inf" else float(le)
            out[key] = out.get(key, 0.0) + float(line.rsplit(" ", 1)[1])
    return out


def quantile(b, q):
    """Linear interpolation inside the bucket the quantile falls in (as PromQL's histogram_quantile)."""
    items = sorted(b.items())
    total = items[-1][1] if items else 0
    if total == 0:
        return None, 0
    lower, below = 0.0, 0.0
    for le, c in items:
        if c >= q * total:
            if le == float("inf"):
                return lower, int(total)
            return lower + (le - lower) * (q * total - below) / max(c - below, 1e-9), int(total)
        lower, below = le, c
    return items[-1][0], int(total)


def mean(text, name):
    total = sum(float(l.rsplit(" ", 1)[1]) for l in text.splitlines() if l.startswith(name + "_sum"))
    count = sum(float(l.rsplit(" ", 1)[1]) for l in text.splitlines() if l.startswith(name + "_count"))
    return total / count if count else float("nan")


def counter(text, name, where=""):
    return sum(float(l.rsplit(" ", 1)[1]) for l in text.splitlines() if l.startswith(name) and where in l)


def main(down_dir, peer_dir):
    runs = {n: open(f"{d}/final.metrics").read() for n, d in (("down", down_dir), ("peer", peer_dir))}
    print("metric                          down              peer              ratio down/peer")
    for label, name in (("detection lag", "tillwatch_detection_lag_seconds"), ("ingest latency", "tillwatch_ingest_latency_seconds")):
        for q in (0.5, 0.99):
            d, dn = quantile(buckets(runs["down"], name), q)
            p, pn = quantile(buckets(runs["peer"], name), q)
            ratio = d / p if d and p else float("nan")
            print(f"{label} p{int(q * 100):<3}  {d * 1000:9.2f} ms (n={dn:<6}) {p * 1000:9.2f} ms (n={pn:<6}) {ratio:5.2f}")
        d, p = mean(runs["down"], name), mean(runs["peer"], name)
        print(f"{label} mean  {d * 1000:9.2f} ms            {p * 1000:9.2f} ms            {d / p:5.2f}")
    for n, text in runs.items():
        unreachable = counter(text, "tillwatch_backoffice_lookups_total", 'verdict="unreachable"')
        not_asked = counter(text, "tillwatch_backoffice_lookups_total", 'problem="not_asked"')
        final = sum(counter(text, "tillwatch_backoffice_lookups_total", f'verdict="{v}"')
                    for v in ("charged", "not_charged", "reversed_or_refunded"))
        gave_up = counter(text, "tillwatch_backoffice_checks_gave_up_total")
        pending = counter(text, "tillwatch_backoffice_checks_pending ")
        print(f"{n}: final answers {final:.0f}, unreachable {unreachable:.0f} (of which not asked: {not_asked:.0f}), "
              f"gave up {gave_up:.0f}, pending at the end {pending:.0f}")
    timeline = [l.split() for l in open(f"{down_dir}/timeline.txt")]
    opened = [t for t in timeline if t[2] != "breakers_open=0"]
    if opened:
        print(f"down: breakers open from {opened[0][0]} to {opened[-1][0]} (polled every 10 s); "
              f"most pending checks {max(float(t[3].split('=')[1]) for t in timeline if t[3] != 'pending=NaN'):.0f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
