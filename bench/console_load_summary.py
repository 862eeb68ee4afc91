#!/usr/bin/env python3
"""Summarises bench/console-load.sh: each phase (rROUND-sSTREAMS) with its ingest rate, PUBACK latency,
detection lag and stream counts, then each round's ratio with streams / without, and the spread between
the runs without streams (the run-to-run noise the ratios must be read against)."""
import glob
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from outage_summary import buckets, mean, quantile  # noqa: E402

LAG = "tillwatch_detection_lag_seconds"


def phase(out, name):
    d = os.path.join(out, name)
    res = json.loads(open(glob.glob(os.path.join(d, "results.jsonl"))[0]).readline())
    metrics = open(glob.glob(os.path.join(d, "*.metrics"))[0]).read()
    lag = buckets(metrics, LAG)
    streams = glob.glob(os.path.join(d, "*.streams.json"))
    return {
        "name": name,
        "streams": int(name.split("-s")[1]),
        "eventsPerSec": res["eventsPerSec"],
        "p50Ms": res["p50Ms"],
        "p99Ms": res["p99Ms"],
        "cpu": res["serverCpuSec"],
        "lagMean": mean(metrics, LAG),
        "lagP50": quantile(lag, 0.5)[0],
        "lagP99": quantile(lag, 0.99)[0],
        "findings": quantile(lag, 0.5)[1],
        "detection": res.get("detection"),
        "load": res.get("loadavg"),
        "sidecar": json.loads(open(streams[0]).read()) if streams else None,
    }


def main(out):
    names = sorted({os.path.basename(p) for p in glob.glob(os.path.join(out, "r*-s*")) if os.path.isdir(p)},
                   key=lambda n: (int(n[1:].split("-")[0]), n))
    phases = [phase(out, n) for n in names]
    print(f"{'phase':<10} {'events/s':>9} {'p50ms':>8} {'p99ms':>8} {'lag mean':>9} {'lag p50':>8} {'lag p99':>8} "
          f"{'findings':>8} {'srvCPU':>7} {'load':>15}  streams")
    for p in phases:
        s = p["sidecar"]
        st = "-" if not s else (f"{s['maxOpen']}/{s['streams']} open, {s['events']} events "
                                f"({s['bytes'] / 1e6:.1f} MB), {s['dropped']} dropped, {s['refused']} refused, "
                                f"harness CPU {s.get('cpuSec', float('nan')):.1f} s over {s['seconds']:.0f} s")
        print(f"{p['name']:<10} {p['eventsPerSec']:>9.0f} {p['p50Ms']:>8.1f} {p['p99Ms']:>8.1f} "
              f"{p['lagMean'] * 1000:>7.1f}ms {p['lagP50'] * 1000:>6.1f}ms {p['lagP99'] * 1000:>6.1f}ms "
              f"{p['findings']:>8} {p['cpu']:>7} {p['load']:>15}  {st}")
    short = [p["name"] for p in phases if p["sidecar"] and p["sidecar"]["maxOpen"] < p["sidecar"]["streams"]]
    if short:
        print(f"NOT VALID: fewer streams open than asked in {', '.join(short)} (see the phase's .streams.json and .sidecar.log)")
    print()
    rounds = sorted({int(p["name"][1:].split("-")[0]) for p in phases})
    ratios = {k: [] for k in ("eventsPerSec", "p99Ms", "lagMean", "lagP99")}
    for r in rounds:
        with_s = [p for p in phases if p["name"].startswith(f"r{r}-") and p["streams"] > 0]
        without = [p for p in phases if p["name"].startswith(f"r{r}-") and p["streams"] == 0]
        if not with_s or not without:
            continue
        a, b = with_s[0], without[0]
        line = []
        for k in ratios:
            v = a[k] / b[k] if b[k] else float("nan")
            ratios[k].append(v)
            line.append(f"{k} {v:.3f}")
        print(f"round {r}: with {a['streams']} streams / without: " + ", ".join(line))
    base = [p for p in phases if p["streams"] == 0]
    if len(base) >= 2:
        print("spread of the runs without streams (max/min): " + ", ".join(
            f"{k} {max(p[k] for p in base) / min(p[k] for p in base):.3f}" for k in ratios if min(p[k] for p in base) > 0))
    streamed = [p for p in phases if p["streams"] > 0]
    if len(streamed) >= 2:
        print("spread of the runs with streams (max/min):    " + ", ".join(
            f"{k} {max(p[k] for p in streamed) / min(p[k] for p in streamed):.3f}" for k in ratios
            if min(p[k] for p in streamed) > 0))


if __name__ == "__main__":
    main(sys.argv[1])
