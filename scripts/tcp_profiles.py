#!/usr/bin/python3
"""Handshake latency CDFs of the two TCP profiles side by side.

Runs tls-experiment for TLS 1.3 (P-256) at RTT 31 ms (--delay=15.5ms, server
links without delay) and loss 0, 2, 5, 10, 15 and 20 % per direction, 2000
handshakes per point, once with the Linux profile and once with ns-3's TCP
(--ns3::ProfiledTcpSocket::Profile=Linux|Ns3), and draws the latency CDF of each
profile (one panel each, a line per loss rate) with the steps a lost packet
makes marked: 2R (no loss), + R + 200 ms (Linux RTO after a data loss; ns-3:
+ 200 ms), + 1 s and + 3 s (lost SYNs). Prints the percentiles as a table.

    scripts/tcp_profiles.py --build build --out out/tcp-profiles \\
        [--figure doc/figures/latency_cdf_tcp_profiles.png] [--handshakes 2000]
"""

import argparse
import concurrent.futures
import csv
import os
import subprocess
import sys

SCRIPTS = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, SCRIPTS)
import tlsplots  # noqa: E402

LOSSES = [0, 0.02, 0.05, 0.10, 0.15, 0.20]
PROFILES = ["Linux", "Ns3"]
RTT_MS = 31.0
PERCENTILES = [50, 75, 90, 95, 99]


def run_point(binary, out, profile, loss, handshakes, seed):
    """Run one point (unless done) and return its successful latencies (ms)."""
    name = f"{profile.lower()}-loss{loss:g}"
    records = os.path.join(out, name + ".csv")
    if not os.path.exists(records):
        argv = [binary, "--version=1.3", "--keyType=p256", "--delay=15.5ms",
                f"--loss={loss:g}", f"--handshakes={handshakes}", "--rate=50",
                "--progress=0", f"--seed={seed}", "--run=1",
                f"--ns3::ProfiledTcpSocket::Profile={profile}", "--records=" + records + ".part"]
        done = subprocess.run(argv, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            sys.exit(f"tcp_profiles.py: {' '.join(argv)} failed: {done.stderr.strip()}")
        os.replace(records + ".part", records)
    with open(records, newline="") as f:
        rows = list(csv.DictReader(f))
    return [float(r["latency_ms"]) for r in rows if r["outcome"] == "ok"], len(rows)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--build", default="build", help="the build directory")
    p.add_argument("--out", default="out/tcp-profiles", help="records directory")
    p.add_argument("--figure", default=None, help="figure file (.png; a .pdf beside it)")
    p.add_argument("--handshakes", type=int, default=2000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--jobs", type=int, default=2)
    args = p.parse_args(argv)
    binary = os.path.join(args.build, "examples", "tls-experiment")
    if not os.access(binary, os.X_OK):
        sys.exit(f"tcp_profiles.py: no tls-experiment in {args.build}/examples (build first)")
    os.makedirs(args.out, exist_ok=True)
    points = [(prof, loss) for prof in PROFILES for loss in LOSSES]
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {pt: pool.submit(run_point, binary, args.out, pt[0], pt[1],
                                   args.handshakes, args.seed) for pt in points}
        results = {pt: f.result() for pt, f in futures.items()}

    print("profile  loss   ok/attempts  " + "  ".join(f"p{q:<6}" for q in PERCENTILES))
    for prof, loss in points:
        lat, attempts = results[(prof, loss)]
        qs = [tlsplots.percentile(lat, q) for q in PERCENTILES]
        print(f"{prof:<7} {loss * 100:4.0f}%  {len(lat):5d}/{attempts:<5d}  " +
              "  ".join(f"{v:7.1f}" for v in qs))

    if args.figure:
        plt = tlsplots._pyplot()
        fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
        colors = plt.cm.viridis([i / (len(LOSSES) - 1) for i in range(len(LOSSES))])
        for ax, prof in zip(axes, PROFILES):
            for color, loss in zip(colors, LOSSES):
                lat = sorted(results[(prof, loss)][0])
                n = len(lat)
                ax.step(lat, [(i + 1) / n for i in range(n)], where="post", color=color,
                        label=f"{loss * 100:g}% loss")
            rto = RTT_MS + 200 if prof == "Linux" else 200
            steps = [(2 * RTT_MS, "2R"), (3 * RTT_MS + rto - RTT_MS, "+RTO"),
                     (2 * RTT_MS + 1000, "+1 s"), (2 * RTT_MS + 3000, "+3 s")]
            for x, text in steps:
                ax.axvline(x, color="0.6", lw=0.7, ls=":")
                ax.text(x, 0.02, " " + text, rotation=90, fontsize=7, color="0.4",
                        va="bottom")
            ax.set_xscale("log")
            ax.set_xlim(40, 20000)
            ax.set_xlabel("handshake latency from connect (ms)")
            ax.set_title("Linux profile" if prof == "Linux" else "ns-3 TCP (profile Ns3)")
            ax.grid(True, which="both", alpha=0.3)
        axes[0].set_ylabel("CDF")
        axes[1].legend(loc="lower right", fontsize=8)
        fig.suptitle(f"TLS 1.3, P-256, RTT {RTT_MS:g} ms, loss per direction, "
                     f"{args.handshakes} handshakes per line")
        fig.tight_layout()
        base, _ = os.path.splitext(args.figure)
        fig.savefig(base + ".png", dpi=130)
        fig.savefig(base + ".pdf")
        print(f"figure: {base}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
