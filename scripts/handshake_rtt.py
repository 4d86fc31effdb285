#!/usr/bin/python3
"""Handshake latency against round-trip time, TLS 1.2 and TLS 1.3.

Runs the tls-handshake example for each version and one-way delay, compares the
measured completion time with the analytic round-trip count (TCP 1 RTT + TLS
1.2: 2 RTT, TLS 1.3: 1 RTT), prints a summary, and writes a CSV and a plot.

    /usr/bin/python3 scripts/handshake_rtt.py --build build --out results
"""

import argparse
import concurrent.futures
import csv
import os
import re
import subprocess
import sys

TLS_RTTS = {"1.2": 2, "1.3": 1}
LATENCY = re.compile(r"^handshake complete: ([0-9.]+) ms$", re.MULTILINE)


def run_point(example, version, delay_ms, key_type):
    """Run one handshake; return its latency in ms."""
    cmd = [example, f"--version={version}", f"--delay={delay_ms}ms",
           f"--keyType={key_type}", "--dataRate=1Gbps"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    match = LATENCY.search(out.stdout)
    if out.returncode != 0 or not match:
        raise RuntimeError(f"{' '.join(cmd)} failed ({out.returncode}):\n"
                           f"{out.stdout}{out.stderr}")
    return float(match.group(1))


def plot(rows, path_base):
    """Latency against RTT, measured points and analytic lines."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    for version, marker in (("1.2", "o"), ("1.3", "s")):
        pts = sorted((r["rtt_ms"], r["latency_ms"], r["analytic_ms"])
                     for r in rows if r["version"] == version)
        rtts = [p[0] for p in pts]
        ax.plot(rtts, [p[2] for p in pts], "--", color="grey", linewidth=1)
        ax.plot(rtts, [p[1] for p in pts], marker=marker, linestyle="-",
                label=f"TLS {version} (TCP 1 RTT + TLS {TLS_RTTS[version]} RTT)")
    ax.set_xlabel("round-trip time (ms)")
    ax.set_ylabel("handshake latency (ms)")
    ax.set_title("Full handshake latency, ns-3 TCP + OpenSSL (dashed: analytic)")
    ax.grid(True, alpha=0.3)
    ax.legend()
    fig.tight_layout()
    for ext in ("png", "pdf"):
        fig.savefig(f"{path_base}.{ext}", dpi=150)
    plt.close(fig)


def main():
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", default=os.path.join(here, "build"),
                        help="build directory (default: %(default)s)")
    parser.add_argument("--out", default=os.path.join(here, "results"),
                        help="output directory (default: %(default)s)")
    parser.add_argument("--delays", default="5,10,25,50,100",
                        help="one-way delays in ms, comma separated")
    parser.add_argument("--keyType", default="p256")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()

    example = os.path.join(args.build, "examples", "tls-handshake")
    if not os.access(example, os.X_OK):
        sys.exit(f"handshake_rtt: {example} not found; build first (scripts/build.sh)")
    os.makedirs(args.out, exist_ok=True)
    delays = [float(d) for d in args.delays.split(",")]
    points = [(v, d) for v in ("1.2", "1.3") for d in delays]
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {p: pool.submit(run_point, example, p[0], p[1], args.keyType)
                   for p in points}
        rows = []
        for (version, delay), fut in futures.items():
            rtt = 2 * delay
            rows.append({"version": version, "key_type": args.keyType,
                         "one_way_delay_ms": delay, "rtt_ms": rtt,
                         "latency_ms": fut.result(),
                         "analytic_ms": (1 + TLS_RTTS[version]) * rtt})

    csv_path = os.path.join(args.out, "handshake_rtt.csv")
    with open(csv_path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    fig_base = os.path.join(args.out, "handshake_rtt")
    plot(rows, fig_base)

    print(f"{'version':>7} {'RTT ms':>8} {'latency ms':>11} {'analytic ms':>12} {'RTTs':>6}")
    for r in sorted(rows, key=lambda r: (r["version"], r["rtt_ms"])):
        print(f"{r['version']:>7} {r['rtt_ms']:8.1f} {r['latency_ms']:11.3f} "
              f"{r['analytic_ms']:12.1f} {r['latency_ms'] / r['rtt_ms']:6.2f}")
    print(f"\nwrote {csv_path}\nwrote {fig_base}.png and {fig_base}.pdf")


if __name__ == "__main__":
    main()
