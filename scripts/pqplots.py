#!/usr/bin/python3
"""Figures of the post-quantum sweep preset (scripts/sweeps/pq.json).

    pqplots.py OUT            # reads OUT/results.csv (sweep.py --rows handshake)

Writes, next to results.csv:
  pq_latency.{png,pdf}      median handshake latency per signature (key type)
                            and key exchange group, one panel per RTT and
                            loss rate, with the 2 and 3 RTT marks; whiskers:
                            the 95 % confidence interval of the median
                            (order statistics), as the figure says;
  pq_flight.{png,pdf}       median latency against the server's flight bytes
                            (chains of 0-3 intermediates, ML-DSA, mixed and
                            classical hierarchies) with the initial window
                            InitialCwnd x SegmentSize drawn: right of it the
                            flight costs one more round trip;
  pq_clienthello.{png,pdf}  ClientHello bytes per group and the TCP segments
                            of 1448 bytes they take;
and prints the numbers behind them (pq_summary.txt).

The rows of each figure are told apart by the preset's handshake counts:
100 per point for the latency grid, 50 for the flight grid, 20 for the
ClientHello and HelloRetryRequest grids.

Every percentile is tlsstats's (the nearest rank), as in sweep.py and
tlsplots.py. The latency bars draw the median, which 100 handshakes estimate
well, with its 95 % interval (tlsstats.percentile_ci: ranks 40 to 61 of 100);
pq_summary.txt adds the 90th percentile with its interval (ranks 84 to 96),
which at 2 % loss may fall on either side of a retransmission timeout.
"""

import csv
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tlsstats  # noqa: E402  (the one definition of every statistic)

SEGMENT = 1448        #: TcpSocket::SegmentSize when the rows do not name the run's own
INITIAL_CWND = 10     #: TcpSocket::InitialCwnd when the rows do not name the run's own
KEY_ORDER = ["p256", "rsa2048", "mldsa44", "mldsa65", "mldsa87"]
GROUP_ORDER = ["X25519", "MLKEM512", "MLKEM768", "MLKEM1024", "X25519MLKEM768",
               "SecP256r1MLKEM768", "SecP384r1MLKEM1024"]



def tcp_window(rows):
    """(segment size, initial window in segments) of the runs behind rows: the
    values each point's summary.json names (sweep.py copies them into the rows
    as segmentSize and initialCwnd), else the module's defaults."""
    for r in rows:
        try:
            size, cwnd = int(float(r["segmentSize"])), int(float(r["initialCwnd"]))
        except (KeyError, TypeError, ValueError):
            continue
        if size > 0 and cwnd > 0:
            return size, cwnd
    return SEGMENT, INITIAL_CWND

def read_rows(path):
    """The handshake rows of results.csv."""
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def ok(row):
    """True if the handshake completed."""
    return row.get("outcome") == "ok" and row.get("latency_ms", "") != ""


def delay_ms(value):
    """One-way delay option ("25ms", "0.05s") in milliseconds."""
    value = value.strip()
    for unit, factor in (("ms", 1.0), ("us", 1e-3), ("ns", 1e-6), ("s", 1e3)):
        if value.endswith(unit):
            return float(value[: -len(unit)]) * factor
    return float(value) * 1e3


def median(values):
    """The median of values by the nearest rank (tlsstats.percentile)."""
    return tlsstats.percentile(list(values), 50)


def interval(values, q):
    """"p [lo, hi]" text of the q-th percentile of values and its 95 %
    interval (tlsstats; "no interval" when too few values)."""
    ci = tlsstats.percentile_ci(values, q)
    value = tlsstats.percentile(values, q)
    return f"{value:.1f} " + (f"[{ci[0]:.1f}, {ci[1]:.1f}]" if ci else "[no interval]")


def order(values, preferred):
    """values sorted by their place in preferred, unknown ones last."""
    return sorted(values, key=lambda v: (preferred.index(v) if v in preferred else 99, v))


def key_label(row):
    """Key type, with the CA key type of a mixed hierarchy."""
    ca = row.get("caKeyType", "")
    key = row.get("key_type") or row.get("keyType_record") or row.get("keyType", "")
    return f"{key} / {ca} CA" if ca and ca != key else key


def pyplot():
    """matplotlib.pyplot with a file-only backend."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def save(fig, out, name):
    """Write OUT/name.png and OUT/name.pdf."""
    for ext in ("png", "pdf"):
        fig.savefig(os.path.join(out, f"{name}.{ext}"), dpi=150, bbox_inches="tight")


def latency_figure(rows, out, lines):
    """Median latency per (key type, group), one panel per (loss, RTT)."""
    rows = [r for r in rows if r.get("handshakes") == "100"]
    if not rows:
        return
    plt = pyplot()
    delays = sorted({r["delay"] for r in rows}, key=delay_ms)
    losses = sorted({r.get("loss", "0") for r in rows}, key=float)
    keys = order({r["keyType"] for r in rows}, KEY_ORDER)
    groups = order({r["groups"] for r in rows}, GROUP_ORDER)
    fig, axes = plt.subplots(len(losses), len(delays), squeeze=False,
                             figsize=(3.6 * len(delays), 2.9 * len(losses)))
    width = 0.8 / len(groups)
    counts, bare = [], 0
    lines.append("latency (ms) per loss, RTT, key type, group: median [its 95% interval], "
                 "90th percentile [its 95% interval] (nearest rank, order statistics)")
    for i, loss in enumerate(losses):
        for j, delay in enumerate(delays):
            ax = axes[i][j]
            rtt = 2 * delay_ms(delay)
            for g, group in enumerate(groups):
                xs, med, lo, hi = [], [], [], []
                for k, key in enumerate(keys):
                    lat = [float(r["latency_ms"]) for r in rows
                           if r["delay"] == delay and r.get("loss", "0") == loss
                           and r["keyType"] == key and r["groups"] == group and ok(r)]
                    if not lat:
                        continue
                    m, ci = median(lat), tlsstats.percentile_ci(lat, 50)
                    counts.append(len(lat))
                    bare += ci is None
                    xs.append(k + (g - (len(groups) - 1) / 2) * width)
                    med.append(m)
                    # Whiskers: the median's 95 % interval (none when too few).
                    lo.append(m - ci[0] if ci else 0.0)
                    hi.append(ci[1] - m if ci else 0.0)
                    lines.append(f"  loss {loss} RTT {rtt:g} ms {key:8s} {group:18s} "
                                 f"{interval(lat, 50):>22s} = {m / rtt:.2f} RTT, p90 "
                                 f"{interval(lat, 90)} (n={len(lat)})")
                ax.bar(xs, med, width=width * 0.9, yerr=[lo, hi], capsize=2,
                       label=group if (i, j) == (0, 0) else None)
            for n in (2, 3):
                ax.axhline(n * rtt, color="0.4", lw=0.7, ls="--")
                ax.text(len(keys) - 0.5, n * rtt, f" {n} RTT", va="center", fontsize=7)
            ax.set_xticks(range(len(keys)))
            ax.set_xticklabels(keys, fontsize=8)
            ax.set_title(f"RTT {rtt:g} ms, loss {float(loss) * 100:g} %", fontsize=9)
            if j == 0:
                ax.set_ylabel("handshake latency (ms)")
    fig.legend(loc="upper center", ncol=len(groups), fontsize=8, title="key exchange",
               bbox_to_anchor=(0.5, 1.06))
    fig.suptitle("TLS 1.3 handshake latency (TCP + TLS): signature x key exchange",
                 y=1.1, fontsize=10)
    fig.tight_layout()
    n = (f"{min(counts)}" if min(counts) == max(counts)
         else f"{min(counts)}-{max(counts)}")
    note = ("Bars: median latency; whiskers: 95% confidence interval of the median "
            f"(order statistics); n = {n} completed handshakes per bar")
    if bare:
        note += f"; {bare} bar(s) with too few for an interval have no whisker"
    fig.text(0.5, -0.01, note + ".", ha="center", va="top", fontsize=8)
    save(fig, out, "pq_latency")
    plt.close(fig)


def flight_figure(rows, out, lines):
    """Median latency against server flight bytes, with the initial window."""
    rows = [r for r in rows if r.get("handshakes") == "50" and ok(r)]
    if not rows:
        return
    plt = pyplot()
    points = {}
    for r in rows:
        points.setdefault(r["point"], []).append(r)
    rtt = 2 * delay_ms(rows[0]["delay"])
    segment, cwnd = tcp_window(rows)
    window = cwnd * segment
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    series = {}
    lines.append(f"server flight bytes -> median latency (RTT {rtt:g} ms, "
                 f"window {cwnd} x {segment} = {window} B)")
    for pts in points.values():
        label = key_label(pts[0])
        flight = median(int(r["server_flight_bytes"]) for r in pts)
        lat = median(float(r["latency_ms"]) for r in pts)
        depth = pts[0].get("chain_depth", "")
        series.setdefault(label, []).append((flight, lat, depth))
    for label in order(series, KEY_ORDER):
        data = sorted(series[label])
        ax.plot([d[0] for d in data], [d[1] for d in data], marker="o", ms=4, lw=0.8,
                label=label)
        for flight, lat, depth in data:
            ax.annotate(depth, (flight, lat), textcoords="offset points", xytext=(3, 3),
                        fontsize=6)
            lines.append(f"  {label:24s} chain {depth}: {flight:7.0f} B  {lat:7.1f} ms "
                         f"= {lat / rtt:.2f} RTT  ({'over' if flight > window else 'within'} "
                         "the window)")
    ax.axvline(window, color="k", lw=1)
    ax.text(window, ax.get_ylim()[1], f" InitialCwnd x SegmentSize = {window} B",
            va="top", fontsize=7)
    for n in (2, 3):
        ax.axhline(n * rtt, color="0.4", lw=0.7, ls="--")
        ax.text(ax.get_xlim()[0], n * rtt, f"{n} RTT ", ha="right", va="center", fontsize=7)
    ax.set_xlabel("server flight, ServerHello to Finished (bytes on the wire)")
    ax.set_ylabel("median handshake latency (ms)")
    ax.set_title(f"Server flight against the initial window (RTT {rtt:g} ms, no loss; "
                 "labels: intermediates)", fontsize=9)
    ax.legend(fontsize=7, title="leaf key (CA key)", title_fontsize=7)
    fig.tight_layout()
    save(fig, out, "pq_flight")
    plt.close(fig)


def client_hello_figure(rows, out, lines):
    """ClientHello bytes and segments per group."""
    rows = [r for r in rows if r.get("handshakes") == "20" and not r.get("serverGroups")
            and ok(r)]
    if not rows:
        return
    plt = pyplot()
    sizes = {}
    for r in rows:
        sizes.setdefault(r["groups"], []).append(int(r["client_hello_bytes"]))
    groups = order(sizes, GROUP_ORDER)
    values = [median(sizes[g]) for g in groups]
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    ax.bar(range(len(groups)), values, color="tab:blue")
    segment, _ = tcp_window(rows)
    lines.append(f"ClientHello bytes (TLS record) and {segment}-byte segments per group")
    for i, (g, v) in enumerate(zip(groups, values)):
        segments = math.ceil(v / segment)
        ax.text(i, v, f"{v:.0f} B\n{segments} seg.", ha="center", va="bottom", fontsize=7)
        lines.append(f"  {g:20s} {v:6.0f} B  {segments} segment(s)")
    for n in (1, 2):
        ax.axhline(n * segment, color="0.4", lw=0.7, ls="--")
        ax.text(len(groups) - 0.5, n * segment, f" {n} x {segment}", va="center", fontsize=7)
    ax.set_xticks(range(len(groups)))
    ax.set_xticklabels(groups, rotation=20, fontsize=8)
    ax.set_ylabel("ClientHello (bytes)")
    ax.set_ylim(0, max(values + [2 * segment]) * 1.25)
    ax.set_title("ClientHello size per key exchange group (one key share)", fontsize=9)
    fig.tight_layout()
    save(fig, out, "pq_clienthello")
    plt.close(fig)


def hello_retry_lines(rows, lines):
    """The HelloRetryRequest grid as text."""
    rows = [r for r in rows if r.get("serverGroups") and ok(r)]
    by_shares = {}
    for r in rows:
        by_shares.setdefault(r.get("keyShares", ""), []).append(r)
    if not by_shares:
        return
    lines.append("HelloRetryRequest: client X25519:X25519MLKEM768, server prefers X25519MLKEM768")
    for shares, rs in sorted(by_shares.items()):
        rtt = 2 * delay_ms(rs[0]["delay"])
        lat = median(float(r["latency_ms"]) for r in rs)
        ch = median(int(r["client_hello_bytes"]) for r in rs)
        lines.append(f"  key shares {shares}: ClientHello {ch:.0f} B, median {lat:.1f} ms "
                     f"= {lat / rtt:.2f} RTT, group {rs[0].get('group', '')}")


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 1
    out = argv[0]
    path = os.path.join(out, "results.csv")
    if not os.path.exists(path):
        print(f"pqplots: no {path} (run sweep.py --grid scripts/sweeps/pq.json --out {out})",
              file=sys.stderr)
        return 1
    rows = read_rows(path)
    lines = []
    latency_figure(rows, out, lines)
    flight_figure(rows, out, lines)
    client_hello_figure(rows, out, lines)
    hello_retry_lines(rows, lines)
    text = "\n".join(lines) + "\n"
    with open(os.path.join(out, "pq_summary.txt"), "w") as f:
        f.write(text)
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
