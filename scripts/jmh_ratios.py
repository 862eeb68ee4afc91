#!/usr/bin/env python3
"""Ratios of each TillWatch benchmark to its peer, from a JMH JSON result (scripts/jmh.sh).

Every pair is measured in the same run with the same params, in average time per operation.
  cost  = TillWatch time / peer time   (lower is better)
  speed = peer time / TillWatch time   (TillWatch's throughput relative to the peer's)
The error is propagated from JMH's 99.9% confidence half-widths (relative errors added in
quadrature). Usage: jmh_ratios.py RESULT.json [--markdown]
"""
import json
import math
import sys

# (class, ours, peer, which ratio the target is on, comparison, target); None: reported, no target.
PAIRS = [
    ("DecoderBench", "tillwatchDecode", "jacksonReadTree", None),
    ("DecoderBench", "tillwatchDecode", "jacksonReadValue", None),
    ("PipelineBench", "decodeAndApply", "jacksonReadTree", ("cost", "<=", 1.0)),
    ("PipelineBench", "decodeAndApply", "jacksonReadValue", ("cost", "<=", 1.0)),
    # The same job on both sides: databind + Bean Validation + card scan, then the same engine.
    ("ValidatingPeerBench", "tillwatch", "validatingPeer", ("cost", "<=", 0.5)),
    ("ValidatingPeerBench", "tillwatch", "validatingPeerFastTime", None),
    ("ValidatingPeerBench", "tillwatch@cpu", "validatingPeer@cpu", ("cost", "<=", 0.5)),
    ("ValidatingPeerBench", "tillwatch@cpu", "validatingPeerFastTime@cpu", None),
    ("DeadlineBench", "tillwatchWheel", "nettyTimer", ("speed", ">=", 2.0)),
    ("DeadlineBench", "tillwatchWheel", "nettyTimer+worker", ("speed", ">=", 2.0)),
    ("JournalBench", "tillwatchJournal", "bareJdbc", ("speed", ">=", 0.7)),
    ("JournalBench", "tillwatchJournalPipelined", "bareJdbc", ("speed", ">=", 0.7)),
]


def num(x):
    """JMH writes a missing error as the string "NaN"."""
    x = float(x) if x is not None else math.nan
    return 0.0 if math.isnan(x) else x


# Student's t, two-sided 99.9% (JMH's interval), by degrees of freedom; beyond the table, the normal.
T999 = {1: 636.62, 2: 31.599, 3: 12.924, 4: 8.610, 5: 6.869, 6: 5.959, 7: 5.408, 8: 5.041, 9: 4.781,
        10: 4.587, 12: 4.318, 15: 4.073, 20: 3.850, 30: 3.646, 60: 3.460}


def aux_counter(metric):
    """An @AuxCounters(EVENTS) per-op figure: JMH SUMS such counters over the iterations (its score
    is N times the per-iteration value), so take the mean of the per-iteration raw data and JMH's
    99.9% interval around it instead."""
    xs = [x for fork in metric.get("rawData") or [] for x in fork]
    if not xs:
        return num(metric["score"]), num(metric["scoreError"])
    n = len(xs)
    mean = sum(xs) / n
    if n < 2:
        return mean, 0.0
    sd = math.sqrt(sum((x - mean) ** 2 for x in xs) / (n - 1))
    t = T999[max(k for k in T999 if k <= n - 1)] if n - 1 <= 60 else 3.291
    return mean, t * sd / math.sqrt(n)


def load(path):
    rows = {}
    for r in json.load(open(path)):
        cls, method = r["benchmark"].split(".")[-2:]
        params = tuple(sorted((r.get("params") or {}).items()))
        pm = r["primaryMetric"]
        score, err, unit = num(pm["score"]), num(pm["scoreError"]), pm["scoreUnit"]
        rows[(cls, method, params)] = (score, err, unit)
        cpu = (r.get("secondaryMetrics") or {}).get("cpuNsPerOp")
        if cpu is not None:  # the benchmark thread's CPU time per op (wall clock minus waiting for a core)
            rows[(cls, method + "@cpu", params)] = (*aux_counter(cpu), "ns/op")
        worker = (r.get("secondaryMetrics") or {}).get("workerCpuNsPerOp")
        if worker is not None:
            w, w_err = aux_counter(worker)
            rows[(cls, method + "+worker", params)] = (score + w, err + w_err, unit)
    return rows


def ratio(a, b):
    (sa, ea, _), (sb, eb, _) = a, b
    r = sa / sb
    return r, r * math.hypot(ea / sa if sa else 0, eb / sb if sb else 0)


def main():
    rows = load(sys.argv[1])
    markdown = "--markdown" in sys.argv
    header = ["pair", "params", "TillWatch", "peer", "cost", "speed", "target", "met?"]
    out = []
    for cls, ours, peer, target in PAIRS:
        for (c, m, params), mine in sorted(rows.items()):
            if c != cls or m != ours or (cls, peer, params) not in rows:
                continue
            theirs = rows[(cls, peer, params)]
            cost, cost_err = ratio(mine, theirs)
            speed, speed_err = ratio(theirs, mine)
            verdict, goal = "-", "-"
            if target:
                which, cmp, value = target
                got = cost if which == "cost" else speed
                goal = f"{which} {cmp} {value}"
                verdict = "yes" if (got <= value if cmp == "<=" else got >= value) else "NO"
            unit = mine[2]
            out.append([f"{cls}.{ours} / {peer}", ",".join(f"{k}={v}" for k, v in params) or "-",
                        f"{mine[0]:.3g} ± {mine[1]:.2g} {unit}", f"{theirs[0]:.3g} ± {theirs[1]:.2g} {unit}",
                        f"{cost:.2f} ± {cost_err:.2f}", f"{speed:.2f} ± {speed_err:.2f}", goal, verdict])
    if not out:
        print("no benchmark pairs in this result")
        return
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for row in out:
            print("| " + " | ".join(row) + " |")
        return
    widths = [max(len(str(x)) for x in col) for col in zip(header, *out)]
    for row in [header] + out:
        print("  ".join(str(x).ljust(w) for x, w in zip(row, widths)))


if __name__ == "__main__":
    main()
