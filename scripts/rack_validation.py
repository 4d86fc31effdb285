#!/usr/bin/python3
"""Handshake latency percentiles of tls-experiment against the published emulation.

Compares, cell by cell, the latency percentiles (25, 37.5, 50, 62.5, 75, 85, 95) of
Paquin, Stebila and Tamvada's emulated experiments ("Benchmarking Post-Quantum
Cryptography in TLS", PQCrypto 2020; scripts/data/paquin2020-emulation.csv) with
tls-experiment runs of the same configuration: TLS 1.3, TLS_AES_256_GCM_SHA384, a
leaf certificate directly under its root, one client link of the published RTT
(--delay = RTT / 2, 1 Gbps), Bernoulli loss p in each direction, latency from
connect to the client's handshake end, failed handshakes left out (the testbed's
timer retried them).

Configurations (testbed -> module):
  kex prime256v1         -> groups P-256, ECDSA P-256 leaf
  kex p256_kyber512_90s  -> groups MLKEM512 (no P-256 hybrid with ML-KEM-512 in
                            OpenSSL 3.5: 65 bytes less per key share), ECDSA P-256
  sig ecdsap256          -> groups MLKEM512 (the testbed: p256_kyber512_90s), P-256
  sig dilithium2         -> groups MLKEM512, ML-DSA-44 leaf and root (round-2
                            Dilithium2 keys and signatures were smaller: 1184 and
                            2044 bytes against 1312 and 2420)

A cell passes within max(10 %, 40 ms) of the published value. Needs a build
against OpenSSL 3.5 (ML-KEM, ML-DSA):

    scripts/rack_validation.py --build build-pq --out out/rack-validation \\
        [--rtt 31] [--losses 0,1,2,...] [--handshakes 2000] [--markdown FILE]
"""

import argparse
import concurrent.futures
import csv
import os
import subprocess
import sys

SCRIPTS = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(SCRIPTS, "data", "paquin2020-emulation.csv")
QUANTILES = ["p25", "p37.5", "p50", "p62.5", "p75", "p85", "p95"]

CONFIGS = {
    ("kex", "prime256v1"): ["--groups=P-256", "--keyType=p256"],
    ("kex", "p256_kyber512_90s"): ["--groups=MLKEM512", "--keyType=p256"],
    ("sig", "ecdsap256"): ["--groups=MLKEM512", "--keyType=p256"],
    ("sig", "dilithium2"): ["--groups=MLKEM512", "--keyType=mldsa44"],
}


def read_published(path=DATA):
    """{(experiment, algorithm, rtt, loss %): {quantile: ms}}"""
    table = {}
    with open(path, newline="") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        for r in rows:
            key = (r["experiment"], r["algorithm"], float(r["rtt_ms"]), float(r["loss_pct"]))
            table[key] = {q: float(r[q]) for q in QUANTILES}
    return table


def percentile(values, q):
    """numpy.percentile's default (linear interpolation), as the testbed's scripts."""
    v = sorted(values)
    if not v:
        return float("nan")
    pos = (len(v) - 1) * q / 100.0
    lo = int(pos)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (pos - lo)


def run_point(binary, out, exp, alg, rtt, loss, handshakes, seed, extra):
    """Run one point (unless its records exist) and return the ok latencies (ms)."""
    name = f"{exp}-{alg}-rtt{rtt:g}-loss{loss:g}"
    records = os.path.join(out, name + ".csv")
    if not os.path.exists(records):
        argv = [binary, "--version=1.3", "--chainDepth=0", f"--delay={rtt / 2:.4f}ms",
                "--serverDelay=0ms", f"--loss={loss / 100:g}", f"--handshakes={handshakes}",
                "--clients=40", "--rate=20", "--progress=0", f"--seed={seed}", "--run=1",
                "--ns3::TlsContext::Ciphersuites=TLS_AES_256_GCM_SHA384",
                "--records=" + records + ".part"] + CONFIGS[(exp, alg)] + extra
        done = subprocess.run(argv, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            sys.exit(f"rack_validation.py: {' '.join(argv)} failed: {done.stderr.strip()}")
        os.replace(records + ".part", records)
    with open(records, newline="") as f:
        rows = list(csv.DictReader(f))
    return [float(r["latency_ms"]) for r in rows if r["outcome"] == "ok"], len(rows)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--build", default="build-pq", help="build directory (OpenSSL 3.5)")
    p.add_argument("--out", default="out/rack-validation", help="records directory")
    p.add_argument("--rtt", type=float, default=31, help="31 or 78 (the published RTTs)")
    p.add_argument("--losses", default="0,1,2,3,5,7,10,15,20",
                   help="loss rates in %% (each must be published: 0, 0.1, 0.5, 1, ... 20)")
    p.add_argument("--configs", default="all",
                   help="comma-separated experiment:algorithm, or all")
    p.add_argument("--handshakes", type=int, default=2000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--markdown", default=None, help="write the table (markdown) here")
    p.add_argument("--set", action="append", default=[],
                   help="extra tls-experiment argument, e.g. --set=--ns3::ProfiledTcpSocket::Rack=false")
    args = p.parse_args(argv)
    binary = os.path.join(args.build, "examples", "tls-experiment")
    if not os.access(binary, os.X_OK):
        sys.exit(f"rack_validation.py: no tls-experiment in {args.build}/examples (build first)")
    published = read_published()
    configs = list(CONFIGS) if args.configs == "all" else [
        tuple(c.split(":")) for c in args.configs.split(",")]
    losses = [float(x) for x in args.losses.split(",")]
    os.makedirs(args.out, exist_ok=True)
    points = []
    for exp, alg in configs:
        prtt = min({k[2] for k in published if k[0] == exp and k[1] == alg},
                   key=lambda x: abs(x - args.rtt))
        for loss in losses:
            if (exp, alg, prtt, loss) not in published:
                sys.exit(f"rack_validation.py: no published cell {exp} {alg} RTT {prtt} "
                         f"loss {loss:g} %")
            points.append((exp, alg, prtt, loss))
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {pt: pool.submit(run_point, binary, args.out, pt[0], pt[1], pt[2], pt[3],
                                   args.handshakes, args.seed, args.set) for pt in points}
        results = {pt: f.result() for pt, f in futures.items()}

    lines = []
    lines.append("| experiment | algorithm | loss % | ok/attempts | " +
                 " | ".join(q + " sim / pub (ms)" for q in QUANTILES) + " | cells within |")
    lines.append("|---" * (5 + len(QUANTILES)) + "|")
    summary = {}
    for pt in points:
        exp, alg, prtt, loss = pt
        lat, attempts = results[pt]
        cells = []
        good = 0
        for q in QUANTILES:
            sim = percentile(lat, float(q[1:]))
            pub = published[pt][q]
            ok = abs(sim - pub) <= max(0.10 * pub, 40.0)
            good += ok
            cells.append(f"{sim:.0f} / {pub:.0f}" + ("" if ok else " **x**"))
        band = "le10" if loss <= 10 else ("15-20" if loss >= 15 else "other")
        s = summary.setdefault((exp, alg, band), [0, 0])
        s[0] += good
        s[1] += len(QUANTILES)
        lines.append(f"| {exp} | {alg} | {loss:g} | {len(lat)}/{attempts} | " +
                     " | ".join(cells) + f" | {good}/{len(QUANTILES)} |")
    lines.append("")
    lines.append("| experiment | algorithm | cells within, loss <= 10 % | cells within, 15-20 % |")
    lines.append("|---|---|---|---|")
    for exp, alg in configs:
        le = summary.get((exp, alg, "le10"), [0, 0])
        hi = summary.get((exp, alg, "15-20"), [0, 0])

        def pct(s):
            return f"{s[0]}/{s[1]} ({100.0 * s[0] / s[1]:.0f} %)" if s[1] else "-"
        lines.append(f"| {exp} | {alg} | {pct(le)} | {pct(hi)} |")
    text = "\n".join(lines)
    print(f"RTT {sorted({pt[2] for pt in points})} ms (published), {args.handshakes} "
          "handshakes per point")
    print(text)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
