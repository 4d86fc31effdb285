#!/usr/bin/python3
"""Figures for tls-experiment results (matplotlib, Agg backend).

Every plot function takes ``rows`` (a list of dicts, one per handshake as in
the ``--records`` CSV of tls-experiment or the ``results.csv`` of sweep.py,
values as strings) and an output base path ``out_base``; it writes
``out_base.png`` and ``out_base.pdf`` and returns the two paths. A function
whose data lacks the columns or the variation it needs prints why on stderr
and returns None instead of failing.

Configuration columns may be experiment options (``version``, ``delay``,
``loss``, ``sessionCache``, ...) or record columns (``resumed``,
``chain_depth``, ...); ``delay`` is the one-way delay as an ns-3 time string
(``20ms``), so a round-trip time is twice its value.

    /usr/bin/python3 scripts/tlsplots.py ladder messages.csv out/ladder --delay 10ms
"""

import argparse
import csv
import math
import re
import sys

import numpy as np

#: TCP initial window (10 segments) times the TCP segment size (1448 bytes).
INITIAL_WINDOW_BYTES = 10 * 1448

#: The four phases of the classic TLS 1.2 handshake description.
PHASE_NAMES = {
    "1": "1 security capabilities",
    "2": "2 server auth and key exchange",
    "3": "3 client auth and key exchange",
    "4": "4 finish",
}

_TIME_UNITS_MS = {"": 1e3, "s": 1e3, "ms": 1.0, "us": 1e-3, "ns": 1e-6,
                  "ps": 1e-9, "fs": 1e-12, "min": 6e4, "h": 3.6e6, "d": 8.64e7}
_TIME = re.compile(r"^\s*\+?([0-9.eE+-]+?)\s*(min|ms|us|ns|ps|fs|s|h|d)?\s*$")
_COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
           "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"]
_LINESTYLES = ["-", "--", "-.", ":"]
_MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
_PHASE_COLORS = {"1": "#4e79a7", "2": "#59a14f", "3": "#f28e2b", "4": "#b07aa1"}


# ------------------------------------------------------------------ values

def time_ms(value):
    """Convert an ns-3 time string (``20ms``, ``0.5s``, ``+10.0ms``; a bare
    number is seconds) to milliseconds; None when it is not a time."""
    match = _TIME.match(str(value))
    if not match:
        return None
    try:
        number = float(match.group(1))
    except ValueError:
        return None
    return number * _TIME_UNITS_MS[match.group(2) or ""]


def number(value):
    """The float value of a CSV cell, or None when empty or not a number."""
    try:
        result = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(result) else result


def rtt_ms(row):
    """Round-trip time of a row in ms (twice its one-way ``delay``), or None."""
    one_way = time_ms(row.get("delay", ""))
    return None if one_way is None else 2 * one_way


def tls_version(value):
    """Normalise a version cell (``1.3``, ``TLSv1.3``, ``TLS 1.3``) to ``1.3``."""
    match = re.search(r"1\.[0-3]", str(value))
    return match.group(0) if match else str(value)


def analytic_latency_ms(version, resumed, rtt):
    """Loss-free handshake latency from the TCP connect, in ms: TCP takes one
    RTT, then a full TLS 1.2 handshake two and every other handshake (TLS 1.2
    resumed, TLS 1.3 full or resumed) one."""
    tls_rtts = 2 if tls_version(version) == "1.2" and not resumed else 1
    return (1 + tls_rtts) * rtt


def percentile(values, q):
    """The q-th percentile (0-100, linear interpolation) of values, or None."""
    return float(np.percentile(values, q)) if len(values) else None


def latencies(rows):
    """Latencies in ms of the rows whose handshake completed."""
    return [v for v in (number(r.get("latency_ms")) for r in rows) if v is not None]


def sort_key(value):
    """Order values numerically when they are numbers or times, else as text."""
    as_number = number(value)
    if as_number is not None:
        return (0, as_number, "")
    as_time = time_ms(value)
    if as_time is not None:
        return (0, as_time, "")
    return (1, 0.0, str(value))


def distinct(rows, key):
    """The distinct non-missing values of a column, in natural order."""
    return sorted({r[key] for r in rows if r.get(key, "") != ""}, key=sort_key)


def varies(rows, key):
    """True when a column has at least two distinct values."""
    return len(distinct(rows, key)) > 1


def describe(key, value):
    """A short human label for one configuration value."""
    if key == "version":
        return f"TLS {tls_version(value)}"
    if key == "resumed":
        return "resumed" if number(value) else "full"
    if key == "delay" and time_ms(value) is not None:
        return f"RTT {2 * time_ms(value):g} ms"
    if key == "loss" and number(value) is not None:
        return f"loss {100 * number(value):g}%"
    if key in ("mutualAuth", "mutual_auth"):
        return "mutual auth" if _true(value) else "server auth"
    if key == "tickets":
        return "tickets" if _true(value) else "no tickets"
    if key == "resume":
        return f"resume p={value}"
    if key == "sessionCache":
        return f"cache {value}"
    if key in ("chainDepth", "chain_depth"):
        return f"{value} intermediate CA{'s' if value != '1' else ''}"
    if key in ("keyType", "key_type", "scenario"):
        return str(value)
    if key == "cpuCores":
        return f"{value} core{'s' if str(value) != '1' else ''}"
    return f"{key}={value}"


def _true(value):
    """True for the command-line spellings of a true boolean (1, true, yes)."""
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def label(keys, values):
    """Label of a configuration: its described values joined by commas."""
    return ", ".join(describe(k, v) for k, v in zip(keys, values)) or "all"


def group(rows, keys):
    """Split rows by the values of keys; returns [(values, rows)] in natural
    order of the values."""
    groups = {}
    for row in rows:
        groups.setdefault(tuple(row.get(k, "") for k in keys), []).append(row)
    return sorted(groups.items(), key=lambda kv: [sort_key(v) for v in kv[0]])


def read_csv(path):
    """Rows of a CSV file as a list of dicts."""
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


# ------------------------------------------------------------------ figures

def _pyplot():
    """matplotlib.pyplot on the Agg backend, styled for paper-size figures."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    plt.rcParams.update({"font.size": 8, "axes.titlesize": 8,
                         "axes.labelsize": 8, "legend.fontsize": 7,
                         "xtick.labelsize": 7, "ytick.labelsize": 7,
                         "axes.grid": True, "grid.alpha": 0.3,
                         "pdf.fonttype": 42})
    return plt


def _log_scale(ax, which="x"):
    """Log scale on the x or y axis with plain-number ticks at 1, 2 and 5
    times powers of ten (no minor ticks: they are slow to lay out on shared
    axes)."""
    from matplotlib import ticker
    if which == "x":
        ax.set_xscale("log")
        axis = ax.xaxis
    else:
        ax.set_yscale("log")
        axis = ax.yaxis
    axis.set_major_locator(ticker.LogLocator(base=10, subs=(1, 2, 5)))
    axis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:g}"))
    axis.set_minor_locator(ticker.NullLocator())


def _skip(name, reason):
    """Report a figure that cannot be drawn from the data at hand."""
    print(f"tlsplots: no {name} figure: {reason}", file=sys.stderr)


def _save(fig, out_base):
    """Write the figure as PNG and PDF; return both paths."""
    import matplotlib.pyplot as plt
    paths = [f"{out_base}.png", f"{out_base}.pdf"]
    fig.savefig(paths[0], dpi=200)
    fig.savefig(paths[1])
    plt.close(fig)
    return paths


def _facet_axes(plt, rows, facet_row, facet_col, width=2.5, height=2.1):
    """A grid of subplots, one per (facet_row value, facet_col value).

    Returns (fig, cells) where cells is a list of (axes, title, rows)."""
    row_values = (distinct(rows, facet_row) if facet_row else []) or [None]
    col_values = (distinct(rows, facet_col) if facet_col else []) or [None]
    fig, axes = plt.subplots(len(row_values), len(col_values), squeeze=False,
                             sharex=True, sharey=True,
                             figsize=(min(7.2, 1.0 + width * len(col_values)),
                                      0.9 + height * len(row_values)))
    cells = []
    for i, rv in enumerate(row_values):
        for j, cv in enumerate(col_values):
            keys = [k for k, v in ((facet_row, rv), (facet_col, cv)) if v is not None]
            values = [v for v in (rv, cv) if v is not None]
            subset = [r for r in rows if all(r.get(k) == v for k, v in zip(keys, values))]
            cells.append((axes[i][j], label(keys, values) if keys else "", subset))
    return fig, cells


def _finish(fig, cells, out_base, title, y_from_zero=False):
    """Shared legend below the panels, outer axis labels only, title; save.

    y_from_zero starts the (shared) y axes at 0, once all panels are drawn."""
    if y_from_zero:
        for ax, _, _ in cells:
            ax.set_ylim(bottom=0)
    handles, labels = {}, []
    for ax, _, _ in cells:
        for handle, text in zip(*ax.get_legend_handles_labels()):
            if text not in handles:
                handles[text] = handle
                labels.append(text)
    longest = max((len(t) for t in labels), default=0)
    ncol = min(4 if longest <= 20 else 3 if longest <= 28 else 2, max(1, len(labels)))
    nrows = math.ceil(len(labels) / ncol)
    height = fig.get_size_inches()[1]
    bottom = min(0.45, (0.12 + 0.16 * nrows) / height) if labels else 0.0
    if labels:
        fig.legend([handles[t] for t in labels], labels, loc="lower center",
                   ncol=ncol, frameon=False)
    for ax, _, _ in cells:
        if not ax.get_subplotspec().is_last_row():
            ax.set_xlabel("")
        if not ax.get_subplotspec().is_first_col():
            ax.set_ylabel("")
    fig.suptitle(title)
    fig.tight_layout(rect=(0, bottom, 1, 1))
    return _save(fig, out_base)


def latency_cdf(rows, out_base, by=("version", "resumed"), facet_col=None,
                facet_row=None):
    """Empirical CDF of handshake latency, one line per configuration (the
    values of ``by``), one panel per value of ``facet_col`` x ``facet_row``."""
    if not latencies(rows):
        return _skip("latency CDF", "no completed handshake with a latency_ms")
    plt = _pyplot()
    by = [k for k in by if any(k in r for r in rows)]
    fig, cells = _facet_axes(plt, rows, facet_row, facet_col)
    configs = [values for values, _ in group(rows, by)]
    everything = latencies(rows)
    for ax, title, subset in cells:
        for values, members in group(subset, by):
            lat = np.sort(latencies(members))
            if not len(lat):
                continue
            i = configs.index(values)
            y = np.arange(1, len(lat) + 1) / len(lat)
            ax.step(np.concatenate([[lat[0]], lat]), np.concatenate([[0], y]),
                    where="post", label=label(by, values), color=_COLORS[i % len(_COLORS)],
                    linestyle=_LINESTYLES[i % len(_LINESTYLES)], linewidth=1.2)
        ax.set_title(title)
        ax.set_xlabel("handshake latency (ms)")
        ax.set_ylabel("fraction of handshakes")
        ax.set_ylim(0, 1.02)
        if min(everything) > 0 and max(everything) / min(everything) > 20:
            _log_scale(ax)
    return _finish(fig, cells, out_base, "Handshake latency CDF")


def _percentile_lines(ax, rows, by, configs, x_key, x_value):
    """One median (solid) and one 95th percentile (dashed) line per
    configuration of ``by``, against ``x_value(row[x_key])``; the colour and
    marker of a configuration follow its index in ``configs``."""
    for values, members in group(rows, by):
        points = []
        for (x,), at_x in group(members, [x_key]):
            lat = latencies(at_x)
            if lat:
                points.append((x_value(x), percentile(lat, 50), percentile(lat, 95)))
        if not points:
            continue
        x, p50, p95 = zip(*sorted(points))
        i = configs.index(values)
        style = {"color": _COLORS[i % len(_COLORS)], "marker": _MARKERS[i % len(_MARKERS)],
                 "markersize": 4, "markerfacecolor": "none"}
        ax.plot(x, p50, "-", label=label(by, values), **style)
        ax.plot(x, p95, "--", **style)


def latency_vs_loss(rows, out_base, by=("version", "resumed"), facet="delay"):
    """Median (solid) and 95th percentile (dashed) latency against the packet
    loss rate, one line per configuration, one panel per ``facet`` value."""
    if not varies(rows, "loss"):
        return _skip("latency against loss", "the loss rate does not vary")
    if not latencies(rows):
        return _skip("latency against loss", "no completed handshake")
    plt = _pyplot()
    by = [k for k in by if k != "loss" and any(k in r for r in rows)]
    fig, cells = _facet_axes(plt, rows, None, facet if varies(rows, facet) else None,
                             height=2.4)
    configs = [values for values, _ in group(rows, by)]
    for ax, title, subset in cells:
        _percentile_lines(ax, subset, by, configs, "loss", lambda v: 100 * float(v))
        ax.set_title(title)
        ax.set_xlabel("packet loss rate per direction (%)")
        ax.set_ylabel("handshake latency (ms)")
    return _finish(fig, cells, out_base,
                   "Handshake latency against loss (solid: median, dashed: 95th percentile)",
                   y_from_zero=True)


def latency_vs_load(rows, out_base, by=("keyType", "cpuCores", "resumed"), facet=None,
                    load="rate"):
    """Median (solid) and 95th percentile (dashed) latency against the offered
    load (Poisson arrivals per second), one line per configuration: where the
    servers' crypto CPUs saturate, latency rises steeply (the knee)."""
    if not varies(rows, load):
        return _skip("latency against load", "the offered load does not vary")
    if not latencies(rows):
        return _skip("latency against load", "no completed handshake")
    plt = _pyplot()
    by = [k for k in by if k != load and any(k in r for r in rows) and varies(rows, k)]
    fig, cells = _facet_axes(plt, rows, None, facet if facet and varies(rows, facet) else None,
                             width=6.0, height=3.4)
    configs = [values for values, _ in group(rows, by)]
    for ax, title, subset in cells:
        _percentile_lines(ax, subset, by, configs, load, float)
        ax.set_title(title)
        ax.set_xlabel("offered load (handshakes/s)")
        ax.set_ylabel("handshake latency (ms)")
        _log_scale(ax, "x")
        _log_scale(ax, "y")
    return _finish(fig, cells, out_base,
                   "Latency against offered load (solid: median, dashed: p95)")


def _rtt_steps(ax, rtt, top):
    """Horizontal lines at whole numbers of round trips, up to the first one
    above top (ms)."""
    for k in range(1, int(top // rtt) + 2):
        ax.axhline(k * rtt, color="grey", linestyle=":", linewidth=0.8)
        ax.annotate(f"{k} RTT", (1.0, k * rtt), xycoords=("axes fraction", "data"),
                    xytext=(-2, 1), textcoords="offset points", ha="right",
                    va="bottom", fontsize=6, color="grey")


def latency_vs_chain(rows, out_base, by=("version",), facet="delay"):
    """Latency of full handshakes against the certificate chain: left the
    median against ``chain_depth``, right every handshake against the bytes
    the server sent (``bytes_s2c``) with the TCP initial window (IW10 x 1448 B
    = 14480 B) marked; dotted lines are whole round trips."""
    full = [r for r in rows if not number(r.get("resumed"))]
    if not varies(full, "chain_depth"):
        return _skip("latency against chain size", "chain_depth does not vary")
    if not latencies(full):
        return _skip("latency against chain size", "no completed full handshake")
    plt = _pyplot()
    by = [k for k in by if k not in ("chain_depth", "chainDepth", facet)
          and any(k in r for r in full)]
    facet_values = (distinct(full, facet) if facet else []) or [None]
    fig, axes = plt.subplots(len(facet_values), 2, squeeze=False,
                             figsize=(7.0, 0.9 + 2.3 * len(facet_values)))
    configs = [values for values, _ in group(full, by)]
    cells = []
    for (left, right), value in zip(axes, facet_values):
        subset = [r for r in full if value is None or r.get(facet) == value]
        top = 0.0
        for values, members in group(subset, by):
            color = _COLORS[configs.index(values) % len(_COLORS)]
            points = [(float(d), percentile(latencies(m), 50))
                      for (d,), m in group(members, ["chain_depth"]) if latencies(m)]
            if points:
                left.plot(*zip(*points), "o-", color=color, markersize=3,
                          label=label(by, values))
            done = [r for r in members if number(r.get("latency_ms")) is not None
                    and number(r.get("bytes_s2c")) is not None]
            right.scatter([float(r["bytes_s2c"]) for r in done],
                          [float(r["latency_ms"]) for r in done],
                          s=6, alpha=0.5, color=color)
            top = max([top] + latencies(members))
        right.axvline(INITIAL_WINDOW_BYTES, color="black", linestyle="--", linewidth=0.9)
        right.set_xlim(0, 1.15 * max([INITIAL_WINDOW_BYTES] + [
            number(r.get("bytes_s2c")) or 0 for r in subset]))
        right.annotate("IW10 x 1448 B\n= 14480 B", (INITIAL_WINDOW_BYTES, 0.03),
                       xycoords=("data", "axes fraction"), xytext=(3, 0),
                       textcoords="offset points", fontsize=6)
        delays = distinct(subset, "delay")
        rtt = rtt_ms({"delay": delays[0]}) if len(delays) == 1 else None
        for ax in (left, right):
            if rtt:
                _rtt_steps(ax, rtt, top)
                ax.set_ylim(0, (top // rtt + 1.3) * rtt)
            else:
                ax.set_ylim(bottom=0)
            ax.set_ylabel("handshake latency (ms)")
            ax.set_title(describe(facet, value) if value is not None else "")
        left.set_xlabel("intermediate CAs in the server chain (chain_depth)")
        right.set_xlabel("bytes sent by the server (bytes_s2c)")
        cells += [(left, "", subset), (right, "", subset)]
    return _finish(fig, cells, out_base,
                   "Full handshake latency against certificate chain size")


_RATE_LABELS = {
    "resumption_hit_rate": "resumed / sessions offered (%)",
    "resumption_rate": "resumed / successful handshakes (%)",
    "resumed": "resumed / completed handshakes (%)",
}


def resumption_vs_cache(rows, out_base, by=(), cache="sessionCache",
                        rate="resumption_rate"):
    """Session resumption hit rate against the server session cache size.

    The rate is the mean of the ``rate`` column (a fraction, one row per
    sweep point: ``resumption_rate`` or ``resumption_hit_rate``) when the
    rows carry it, else the fraction of completed handshakes with
    ``resumed`` = 1 (one row per handshake)."""
    if not varies(rows, cache):
        return _skip("resumption against cache size", f"{cache} does not vary")
    if not any(number(r.get(rate)) is not None for r in rows):
        rate = "resumed"
    plt = _pyplot()
    by = [k for k in by if k != cache and any(k in r for r in rows)]
    configs = group(rows, by)
    fig, ax = plt.subplots(figsize=(3.6, 2.6 + 0.18 * math.ceil(len(configs) / 2)))
    for i, (values, members) in enumerate(configs):
        points = []
        for (size,), at_size in group(members, [cache]):
            if rate == "resumed":
                at_size = [r for r in at_size if number(r.get("latency_ms")) is not None]
            rates = [v for v in (number(r.get(rate)) for r in at_size) if v is not None]
            if rates:
                points.append((float(size), 100 * sum(rates) / len(rates)))
        if points:
            ax.plot(*zip(*points), color=_COLORS[i % len(_COLORS)],
                    linestyle=_LINESTYLES[i % len(_LINESTYLES)],
                    marker=_MARKERS[i % len(_MARKERS)], markersize=4,
                    markerfacecolor="none", label=label(by, values))
    sizes = [float(v) for v in distinct(rows, cache)]
    if min(sizes) > 0 and max(sizes) / min(sizes) >= 20:
        _log_scale(ax)
    ax.set_xlabel("server session cache size (sessions)")
    ax.set_ylabel(_RATE_LABELS.get(rate, rate))
    ax.set_ylim(0, 102)
    ax.set_title("Resumption against session cache size")
    if by:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, frameon=False)
    fig.tight_layout()
    return _save(fig, out_base)


def latency_full_vs_resumed(rows, out_base, by=("version",), facet_col="delay",
                            facet_row=None):
    """Box plots of latency, full against resumed handshakes, per
    configuration (the values of ``by``), one panel per value of
    ``facet_col`` x ``facet_row``; the latency axis is logarithmic when the
    latencies span more than a factor of 20 (retransmission timeouts)."""
    done = [r for r in rows if number(r.get("latency_ms")) is not None]
    if len(distinct(done, "resumed")) < 2:
        return _skip("full against resumed latency",
                     "completed handshakes are not both full and resumed")
    plt = _pyplot()
    facets = [f if varies(done, f) else None for f in (facet_row, facet_col)]
    by = [k for k in by if k not in ["resumed"] + facets and any(k in r for r in done)]
    fig, cells = _facet_axes(plt, done, *facets, height=2.2)
    configs = group(done, by)
    colors = {"0": "#4e79a7", "1": "#f28e2b"}
    for ax, title, subset in cells:
        for i, (values, _) in enumerate(configs):
            members = [r for r in subset if tuple(r.get(k, "") for k in by) == values]
            for kind, offset in (("0", -0.2), ("1", 0.2)):
                lat = [float(r["latency_ms"]) for r in members
                       if str(int(number(r.get("resumed")) or 0)) == kind]
                if not lat:
                    continue
                box = ax.boxplot([lat], positions=[i + offset], widths=0.35,
                                 patch_artist=True, showfliers=True,
                                 flierprops={"markersize": 2})
                box["boxes"][0].set_facecolor(colors[kind])
                box["boxes"][0].set_label(describe("resumed", kind))
                for median in box["medians"]:
                    median.set_color("black")
        ax.set_xticks(range(len(configs)))
        ax.set_xticklabels([label(by, v) for v, _ in configs])
        ax.set_xlim(-0.6, len(configs) - 0.4)
        ax.set_title(title)
        ax.set_ylabel("handshake latency (ms)")
    lat = latencies(done)
    if min(lat) > 0 and max(lat) / min(lat) > 20:
        _log_scale(cells[0][0], "y")  # the panels share their y axis
        return _finish(fig, cells, out_base, "Full and resumed handshake latency")
    return _finish(fig, cells, out_base, "Full and resumed handshake latency",
                   y_from_zero=True)


def alerts(rows, out_base, by=("scenario",)):
    """Grouped horizontal bars: the number of handshakes that ended with each
    alert, by alert and by the side that sent it (hatched: the client), one
    group per configuration (the values of ``by``, e.g. scenario and
    version); a group shows the alerts that occurred in it."""
    alerted = [r for r in rows if r.get("alert", "")]
    if not alerted:
        return _skip("alert", "no handshake ended with an alert")
    plt = _pyplot()
    by = [k for k in by if any(k in r for r in rows)]
    kinds = sorted({(r["alert"], r.get("alert_sender", "") or "unknown") for r in alerted})
    counts = {}
    for r in alerted:
        key = (tuple(r.get(k, "") for k in by), r["alert"], r.get("alert_sender", "") or "unknown")
        counts[key] = counts.get(key, 0) + 1
    groups = [values for values, _ in group(rows, by)]
    bars = sum(max(1, sum(1 for k in kinds if (g, *k) in counts)) for g in groups)
    fig, ax = plt.subplots(figsize=(6.4, 1.0 + 0.2 * bars + 0.12 * len(groups)))
    y, ticks, names, seen = 0.0, [], [], set()
    for g in groups:
        present = [k for k in kinds if (g, *k) in counts]
        for j, kind in enumerate(present):
            i = kinds.index(kind)
            ax.barh(y + j, counts[(g, *kind)], height=0.85, color=_COLORS[i % len(_COLORS)],
                    hatch="//" if kind[1] == "client" else None, edgecolor="white",
                    label=None if kind in seen else f"{kind[0]} (sent by {kind[1]})")
            ax.annotate(str(counts[(g, *kind)]), (counts[(g, *kind)], y + j),
                        xytext=(2, 0), textcoords="offset points", va="center", fontsize=6)
            seen.add(kind)
        ticks.append(y + (max(1, len(present)) - 1) / 2)
        names.append(", ".join(describe(k, v) if v != "" else f"no {k}"
                               for k, v in zip(by, g)) or "all")
        y += max(1, len(present)) + 0.6
    ax.set_yticks(ticks)
    ax.set_yticklabels(names)
    ax.set_xlim(0, 1.12 * max(counts.values()))
    ax.invert_yaxis()
    ax.set_xlabel("handshakes ending in the alert")
    ax.set_title("Alerts by name and sender")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    ax.grid(axis="y", visible=False)
    fig.tight_layout()
    return _save(fig, out_base)


def _one_way_delay_s(messages):
    """Estimate the one-way delay of a trace: the shortest time between a
    message and the next one in the other direction (each such reply waits
    for the message to arrive)."""
    gaps = [b["t"] - a["t"] for a, b in zip(messages, messages[1:])
            if a["direction"] != b["direction"] and b["t"] > a["t"]]
    return min(gaps) if gaps else None


def _ladder_layout(trace, gap):
    """Drawing positions (s) of the sends: the trace's times, except that a
    message leaving at the same instant as the one before it is drawn gap
    later, and everything after it moves down with it so that replies still
    leave after the arrivals they answer."""
    shift, last, ys = 0.0, -math.inf, []
    for r in trace:
        y = max(r["t"] + shift, last + gap)
        shift, last = y - r["t"], y
        ys.append(y)
    return ys


def ladder(messages, out_base, one_way_delay=None, title=None):
    """Sequence diagram of one handshake from a ``--messages`` trace.

    Only the first connection is drawn (the first conn_id of each direction).
    Two vertical lines, Client and Server; one arrow per message from its
    send time (``time_s``, at the sender) to its arrival: the ``arrival_s``
    column when the trace has it, else the send time plus ``one_way_delay``
    (an ns-3 time string or a number of ms; estimated from the trace when
    None). The messages of one flight leave at the same instant; they are
    drawn a small gap apart so that each label can be read, and the ticks on
    the time axis give the real send time of each flight. TLS 1.2 traces
    (phase column set) get the four phases shaded and named."""
    needed = {"time_s", "direction", "message"}
    if not messages or not needed <= set(messages[0]):
        return _skip("ladder", f"the trace needs the columns {sorted(needed)}")
    # The first connection of each side: client and server may number the
    # same connection differently.
    first = {}
    for r in messages:
        first.setdefault(r["direction"], r.get("conn_id", ""))
    trace = [dict(r, t=float(r["time_s"])) for r in messages
             if r.get("conn_id", "") == first[r["direction"]]
             and number(r.get("time_s")) is not None]
    trace.sort(key=lambda r: r["t"])
    if one_way_delay is None:
        delay_s = _one_way_delay_s(trace)
    else:
        delay_s = (time_ms(one_way_delay) if isinstance(one_way_delay, str)
                   else float(one_way_delay)) / 1e3
    if delay_s is None:
        delay_s = max(1e-3, 0.1 * (trace[-1]["t"] - trace[0]["t"]))
    for r in trace:
        arrival = number(r.get("arrival_s"))
        r["flight_s"] = arrival - r["t"] if arrival is not None else delay_s

    plt = _pyplot()
    height = max(3.5, 1.6 + 0.3 * len(trace))
    fig, ax = plt.subplots(figsize=(6.2, height))
    # Consecutive sends at least one label height (0.16 in) apart.
    gap = 0.0
    for _ in range(5):
        ys = _ladder_layout(trace, gap)
        end = max(y + r["flight_s"] for y, r in zip(ys, trace))
        gap = (end - trace[0]["t"]) * 0.16 / (height - 1.3)
    span = end - trace[0]["t"]
    top, bottom = 1e3 * (trace[0]["t"] - 0.03 * span), 1e3 * (end + 0.02 * span)

    starts, phase_end = {}, None
    for y, r in zip(ys, trace):
        if r.get("phase", ""):
            starts.setdefault(r["phase"], y)
            phase_end = max(phase_end or y, y + r["flight_s"])
    order = sorted(starts, key=starts.get)
    for p, nxt in zip(order, order[1:] + [None]):
        lo, hi = 1e3 * starts[p], 1e3 * (starts[nxt] if nxt else phase_end)
        color = _PHASE_COLORS.get(p, "#777777")
        ax.axhspan(lo, hi, color=color, alpha=0.13, linewidth=0)
        ax.text(-0.62, lo, PHASE_NAMES.get(p, f"phase {p}").replace(" ", "\n", 1),
                va="top", ha="left", fontsize=7, fontweight="bold", color=color)
    arrows = []
    for y, r in zip(ys, trace):
        c2s = r["direction"].replace(" ", "").upper().startswith("C")
        x0, x1 = (0.0, 1.0) if c2s else (1.0, 0.0)
        t0, t1 = 1e3 * y, 1e3 * (y + r["flight_s"])
        if r["message"].startswith("Alert"):  # red, or grey for a normal closure
            color = "#777777" if r["message"].endswith("close_notify") else "#c00000"
        else:
            color = _PHASE_COLORS.get(r.get("phase", ""), "#333333")
        ax.annotate("", xy=(x1, t1), xytext=(x0, t0),
                    arrowprops={"arrowstyle": "-|>", "color": color, "linewidth": 1.0,
                                "shrinkA": 0, "shrinkB": 0})
        size = f" ({r['length']} B)" if r.get("length", "") != "" else ""
        arrows.append(((x0, t0), (x1, t1), r["message"] + size, color))
    for x, name in ((0.0, "Client"), (1.0, "Server")):
        ax.plot([x, x], [top, bottom], color="black", linewidth=1.5)
        ax.text(x, top, name, ha="center", va="bottom", fontsize=9, fontweight="bold")
    ticks, labels = [], []
    for y, r, previous in zip(ys, trace, [None] + trace[:-1]):
        if previous is None or r["t"] > previous["t"]:
            ticks.append(1e3 * y)
            labels.append(f"{1e3 * (r['t'] - trace[0]['t']):.1f}")
    ax.set_yticks(ticks)
    ax.set_yticklabels(labels)
    ax.set_xlim(-0.65 if order else -0.15, 1.15)
    ax.set_ylim(bottom, top)
    ax.set_xticks([])
    ax.grid(False)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_ylabel("send time from the first message (ms)")
    ax.set_title(title or "Handshake message sequence", pad=14)
    fig.tight_layout()
    # Labels along their arrows: the angle on the page is known only now.
    for (x0, t0), (x1, t1), text, color in arrows:
        (px0, py0), (px1, py1) = ax.transData.transform([(x0, t0), (x1, t1)])
        angle = math.degrees(math.atan2(py1 - py0, px1 - px0))
        angle = angle - 180 if angle > 90 else angle + 180 if angle < -90 else angle
        ax.annotate(text, ((x0 + x1) / 2, (t0 + t1) / 2), xytext=(0, 1.5),
                    textcoords="offset points", rotation=angle, rotation_mode="anchor",
                    ha="center", va="bottom", fontsize=7, color=color)
    return _save(fig, out_base)


def main():
    """Command line: draw the ladder diagram of a --messages trace."""
    parser = argparse.ArgumentParser(description="Draw tls-experiment figures.")
    commands = parser.add_subparsers(dest="command", required=True)
    lad = commands.add_parser("ladder", help="sequence diagram of a --messages trace")
    lad.add_argument("messages", help="messages CSV written by tls-experiment --messages")
    lad.add_argument("out_base", help="output path without extension (.png and .pdf)")
    lad.add_argument("--delay", help="one-way delay (ns-3 time, e.g. 10ms); "
                     "default: estimated from the trace")
    lad.add_argument("--title", help="figure title")
    args = parser.parse_args()
    paths = ladder(read_csv(args.messages), args.out_base, args.delay, args.title)
    if not paths:
        sys.exit(1)
    print("\n".join(paths))


if __name__ == "__main__":
    main()
