#!/usr/bin/python3
"""Figures for tls-experiment results (matplotlib, Agg backend).

Every plot function takes ``rows`` (a list of dicts, one per handshake as in
the ``--records`` CSV of tls-experiment or the ``results.csv`` of sweep.py,
values as strings) and an output base path ``out_base``; it writes
``out_base.png`` and ``out_base.pdf`` (vector) and returns the two paths. A
function whose data lacks the columns or the variation it needs prints why on
stderr and returns None instead of failing.

All figures share one style (tls.mplstyle next to this file: sizes for a
two-column paper, the Okabe-Ito colour-blind-safe palette) and one statistics
definition (tlsstats.py: percentiles by the nearest rank, 95 % confidence
intervals from order statistics, the DKW band of a CDF). Series differ in
colour, marker and line style at once, so that they stay apart in grey print;
series that coincide anyway are named in a note under the figure, with the
number of handshakes behind each point.

Configuration columns may be experiment options (``version``, ``delay``,
``loss``, ``sessionCache``, ...) or record columns (``resumed``,
``chain_depth``, ...); ``delay`` is the one-way delay as an ns-3 time string
(``20ms``), so a round-trip time is twice its value.

    /usr/bin/python3 scripts/tlsplots.py ladder messages.csv out/ladder --delay 10ms [--to-scale]
"""

import argparse
import csv
import math
import os
import sys
import textwrap

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tlsstats  # noqa: E402
from tlsstats import (analytic_latency_ms, latencies, number, percentile,  # noqa: E402,F401
                      read_csv, rtt_ms, time_ms, tls_version)

#: The style file of every figure.
STYLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tls.mplstyle")

#: The four phases of the classic TLS 1.2 handshake description.
PHASE_NAMES = {
    "1": "1 security capabilities",
    "2": "2 server auth and key exchange",
    "3": "3 client auth and key exchange",
    "4": "4 finish",
}

#: Okabe-Ito (as in tls.mplstyle), yellow left out of the series colours.
_COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
_LINESTYLES = ["-", "--", "-.", ":"]
_MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
_PHASE_COLORS = {"1": "#0072B2", "2": "#009E73", "3": "#E69F00", "4": "#CC79A7"}
#: Two series coincide when they differ by at most this share everywhere.
COINCIDE_REL = 0.01


def _style(i):
    """Colour, marker and line style of series i: all three change together
    so that neighbouring series differ in each."""
    return {"color": _COLORS[i % len(_COLORS)], "marker": _MARKERS[i % len(_MARKERS)],
            "linestyle": _LINESTYLES[i % len(_LINESTYLES)]}


# ------------------------------------------------------------------ values

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


def _true(value):
    """True for the command-line spellings of a true boolean (1, true, yes)."""
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def describe(key, value):
    """A short human label for one configuration value."""
    if key == "version":
        return f"TLS {tls_version(value)}"
    if key == "resumed":
        return "resumed" if number(value) else "full"
    if key == "delay" and time_ms(value) is not None:
        return f"RTT {2 * time_ms(value):g} ms"
    if key in ("loss", "uplinkLoss", "downlinkLoss") and number(value) is not None:
        return f"loss {100 * number(value):g}%"
    if key in ("mutualAuth", "mutual_auth"):
        return "mutual auth" if _true(value) else "server auth"
    if key == "tickets":
        return "tickets" if _true(value) else "no tickets"
    if key == "resume":
        return f"{100 * number(value):g}% resumption" if number(value) is not None \
            else f"resume {value}"
    if key == "sessionCache":
        return f"cache {value}"
    if key in ("chainDepth", "chain_depth"):
        return f"{value} intermediate CA{'s' if value != '1' else ''}"
    if key in ("keyType", "key_type"):
        return {"rsa2048": "RSA-2048", "rsa3072": "RSA-3072", "rsa4096": "RSA-4096",
                "p256": "ECDSA P-256", "p384": "ECDSA P-384",
                "ed25519": "Ed25519"}.get(str(value).lower(), str(value))
    if key == "scenario":
        return str(value)
    if key == "cpuCores":
        return f"{value} core{'s' if str(value) != '1' else ''}"
    if key == "rate":
        return f"{value} handshakes/s"
    return f"{key}={value}"


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


def _n_text(counts, what="handshakes"):
    """"n = 200 <what> per point" or "n = 150-200 ..." for the counts."""
    counts = [c for c in counts if c]
    if not counts:
        return ""
    lo, hi = min(counts), max(counts)
    return f"n = {lo} {what} per point" if lo == hi else f"n = {lo}-{hi} {what} per point"


# ------------------------------------------------------------------ layout

def _pyplot():
    """matplotlib.pyplot on the Agg backend with the style of tls.mplstyle."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    plt.style.use("default")
    plt.style.use(STYLE)
    return plt


def _log_scale(ax, which="x", values=None):
    """Log scale on the x or y axis with plain-number ticks: at the values
    when there are at most 8 of them (a swept option), else 1, 2 and 5 times
    powers of ten over at most two decades, powers of ten beyond (labels that
    would still touch are dropped when the figure is saved)."""
    from matplotlib import ticker
    axis = ax.xaxis if which == "x" else ax.yaxis
    (ax.set_xscale if which == "x" else ax.set_yscale)("log")
    span = 3.0
    if values is not None and len(values) and min(values) > 0:
        span = math.log10(max(values) / min(values))
    subs = (1, 2, 5) if span <= 2 else (1,)
    if values is not None and 1 < len(set(values)) <= 8 and min(values) > 0:
        axis.set_major_locator(ticker.FixedLocator(sorted(set(values))))  # the data's
    else:
        axis.set_major_locator(ticker.LogLocator(base=10, subs=subs, numticks=30))
    axis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:g}"))
    axis.set_minor_locator(ticker.LogLocator(base=10, subs=np.arange(2, 10)))
    axis.set_minor_formatter(ticker.NullFormatter())


def _skip(name, reason):
    """Report a figure that cannot be drawn from the data at hand."""
    print(f"tlsplots: no {name} figure: {reason}", file=sys.stderr)


def _text_boxes(fig):
    """(bbox, kind, owner) of every visible, non-empty text of the figure:
    tick labels, axis labels, titles, texts and annotations, suptitle, and
    each legend as one box."""
    renderer = fig.canvas.get_renderer()
    boxes = []

    def add(text, kind, owner):
        if text is not None and text.get_visible() and text.get_text().strip():
            boxes.append((text.get_window_extent(renderer), kind, owner, text))

    for ax in fig.axes:
        if not ax.get_visible():
            continue
        for tick in ax.xaxis.get_major_ticks() + ax.xaxis.get_minor_ticks():
            if tick.get_visible() and tick.label1.get_visible():
                add(tick.label1, "xtick", ax)
        for tick in ax.yaxis.get_major_ticks() + ax.yaxis.get_minor_ticks():
            if tick.get_visible() and tick.label1.get_visible():
                add(tick.label1, "ytick", ax)
        add(ax.xaxis.label, "xlabel", ax)
        add(ax.yaxis.label, "ylabel", ax)
        for title in (ax.title, ax._left_title, ax._right_title):
            add(title, "title", ax)
        for text in ax.texts:
            add(text, "text", ax)
        legend = ax.get_legend()
        if legend is not None and legend.get_visible():
            boxes.append((legend.get_window_extent(renderer), "legend", legend, None))
    for legend in fig.legends:
        boxes.append((legend.get_window_extent(renderer), "legend", legend, None))
    if fig._suptitle is not None:
        add(fig._suptitle, "title", fig)
    for text in fig.texts:
        if text is not fig._suptitle:
            add(text, "text", fig)
    # Tick labels outside the visible range of their axis are not drawn.
    drawn = []
    for box in boxes:
        bbox, kind, owner, text = box
        if kind in ("xtick", "ytick"):
            lo, hi = (owner.get_xlim() if kind == "xtick" else owner.get_ylim())
            lo, hi = min(lo, hi), max(lo, hi)
            pos = text.get_position()[0 if kind == "xtick" else 1]
            if not lo - 1e-9 * abs(lo) <= pos <= hi + 1e-9 * abs(hi):
                continue
        drawn.append(box)
    return drawn


def overlaps(fig, pad=0.5):
    """Pairs of texts of fig whose boxes overlap (more than pad pixels each
    way): [(text a, text b)], as readable strings. Texts rotated along the
    ladder's arrows are checked against everything but each other."""
    fig.canvas.draw()
    boxes = _text_boxes(fig)
    found = []
    for i in range(len(boxes)):
        a, kind_a, _, text_a = boxes[i]
        for j in range(i + 1, len(boxes)):
            b, kind_b, _, text_b = boxes[j]
            rotated = [t for t in (text_a, text_b)
                       if t is not None and t.get_rotation() % 90 > 1e-6]
            if len(rotated) == 2:
                continue
            if (min(a.x1, b.x1) - max(a.x0, b.x0) > pad
                    and min(a.y1, b.y1) - max(a.y0, b.y0) > pad):
                name_a = text_a.get_text() if text_a is not None else "legend"
                name_b = text_b.get_text() if text_b is not None else "legend"
                found.append((f"{kind_a} {name_a!r}", f"{kind_b} {name_b!r}"))
    return found


def _thin_ticks(fig):
    """Hide tick labels that would touch the one before them on the same
    axis (dense log axes, long numbers)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        for axis, along in ((ax.xaxis, 0), (ax.yaxis, 1)):
            last = None
            lo, hi = sorted(ax.get_xlim() if along == 0 else ax.get_ylim())
            shown = [t for t in axis.get_major_ticks()
                     if t.label1.get_visible() and t.label1.get_text() and lo <= t.get_loc() <= hi]
            boxes = sorted(((t.label1.get_window_extent(renderer), t) for t in shown),
                           key=lambda bt: bt[0].x0 if along == 0 else bt[0].y0)
            for box, tick in boxes:
                text = tick.label1
                if last is not None:
                    gap = (box.x0 - last.x1) if along == 0 else (box.y0 - last.y1)
                    if gap < 2:
                        text.set_visible(False)
                        continue
                last = box


LAST_OVERLAPS = {}


def _save(fig, out_base):
    """Write the figure as PNG and (vector) PDF; return both paths. Overlaps
    of texts that remain are printed on stderr and kept in LAST_OVERLAPS."""
    import matplotlib.pyplot as plt
    _thin_ticks(fig)
    found = overlaps(fig)
    LAST_OVERLAPS[out_base] = found
    for a, b in found:
        print(f"tlsplots: {os.path.basename(out_base)}: {a} overlaps {b}", file=sys.stderr)
    paths = [f"{out_base}.png", f"{out_base}.pdf"]
    fig.savefig(paths[0])
    fig.savefig(paths[1])
    plt.close(fig)
    return paths


def _facet_axes(plt, rows, facet_row, facet_col, width=2.5, height=2.1, row_values=None,
                sharey=True):
    """A grid of subplots, one per (facet_row value, facet_col value).

    Returns (fig, cells) where cells is a list of (axes, title, rows)."""
    row_values = row_values or (distinct(rows, facet_row) if facet_row else []) or [None]
    col_values = (distinct(rows, facet_col) if facet_col else []) or [None]
    fig, axes = plt.subplots(len(row_values), len(col_values), squeeze=False,
                             sharex=True, sharey=sharey,
                             figsize=(min(7.2, 1.0 + width * len(col_values)),
                                      0.9 + height * len(row_values)))
    cells = []
    for i, rv in enumerate(row_values):
        for j, cv in enumerate(col_values):
            keys = [k for k, v in ((facet_row, rv), (facet_col, cv))
                    if v is not None and k is not None]
            values = [v for k, v in ((facet_row, rv), (facet_col, cv))
                      if v is not None and k is not None]
            subset = [r for r in rows if all(r.get(k) == v for k, v in zip(keys, values))]
            cells.append((axes[i][j], label(keys, values) if keys else "", subset))
    return fig, cells


def _finish(fig, cells, out_base, title, y_from_zero=False, notes=(), handles=None):
    """Shared legend below the panels, notes under it, outer axis labels
    only, title; save. y_from_zero starts the y axes at 0 once all panels are
    drawn; handles: [(handle, label)] instead of those of the axes."""
    if y_from_zero:
        for ax, _, _ in cells:
            ax.set_ylim(bottom=0)
    if handles is None:
        found, labels = {}, []
        for ax, _, _ in cells:
            for handle, text in zip(*ax.get_legend_handles_labels()):
                if text not in found and not text.startswith("_"):
                    found[text] = handle
                    labels.append(text)
        handles = [(found[t], t) for t in labels]
    labels = [t for _, t in handles]
    if labels == ["all"]:  # one series: the title says what it is
        handles, labels = [], []
    width, height = fig.get_size_inches()
    longest = max((len(t) for t in labels), default=0)
    ncol = max(1, min(len(labels) or 1, int(width // (0.055 * longest + 0.65))))
    legend_rows = math.ceil(len(labels) / ncol) if labels else 0
    chars = int(width * 19)
    note_lines = [line for note in notes if note
                  for line in textwrap.wrap(note, chars, break_on_hyphens=False)]
    note_h = (0.13 * len(note_lines) + 0.06) if note_lines else 0.0
    legend_h = (0.17 * legend_rows + 0.1) if labels else 0.0
    # The legend and the notes add to the figure's height: the panels keep theirs.
    height += note_h + legend_h
    fig.set_size_inches(width, height)
    if note_lines:
        fig.text(0.5, 0.04 / height, "\n".join(note_lines), ha="center", va="bottom",
                 fontsize=6.5, color="#333333", linespacing=1.3)
    if labels:
        fig.legend([h for h, _ in handles], labels, loc="lower center", ncol=ncol,
                   bbox_to_anchor=(0.5, note_h / height), frameon=False,
                   handlelength=3.0)
    for ax, _, _ in cells:
        if not ax.get_subplotspec().is_last_row():
            ax.set_xlabel("")
        if not ax.get_subplotspec().is_first_col():
            ax.set_ylabel("")
    fig.suptitle(title)
    bottom = (note_h + legend_h) / height
    fig.tight_layout(rect=(0, bottom, 1, 1))
    _share_xlabel(fig, cells)
    return _save(fig, out_base)


def _share_xlabel(fig, cells):
    """When the bottom panels of several columns carry the same x label, draw
    it once, centred under them (where the labels were laid out)."""
    bottom = [ax for ax, _, _ in cells if ax.get_subplotspec().is_last_row()]
    texts = {ax.get_xlabel() for ax in bottom}
    if len(bottom) < 2 or len(texts) != 1 or not next(iter(texts)):
        return
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    box = bottom[0].xaxis.label.get_window_extent(renderer)
    y = fig.transFigure.inverted().transform((0, (box.y0 + box.y1) / 2))[1]
    left = min(ax.get_position().x0 for ax in bottom)
    right = max(ax.get_position().x1 for ax in bottom)
    for ax in bottom:
        ax.set_xlabel("")
    fig.text((left + right) / 2, y, texts.pop(), ha="center", va="center",
             fontsize=bottom[0].xaxis.label.get_fontsize())


def _merge_notes(panel_notes, panels):
    """Notes from [(panel, note)]: one line per distinct note, naming its
    panels, or "every panel" when it holds in all panels."""
    by_note = {}
    for panel, note in panel_notes:
        by_note.setdefault(note, []).append(panel)
    lines = []
    for note, where in by_note.items():
        if len(where) == len(panels) and len(panels) > 1:
            lines.append(f"{note} (every panel)")
        elif any(where):
            lines.append(f"{note} ({'; '.join(w for w in where if w)})")
        else:
            lines.append(note)
    return lines


def _coinciding(series):
    """Notes naming the series that coincide: same x values and y values
    within COINCIDE_REL of each other everywhere. series: {label: {x: y}}."""
    names = list(series)
    merged, seen = [], set()
    for i, a in enumerate(names):
        if a in seen:
            continue
        same = [a]
        for b in names[i + 1:]:
            if b in seen or set(series[a]) != set(series[b]) or not series[a]:
                continue
            if all(abs(series[a][x] - series[b][x])
                   <= COINCIDE_REL * max(abs(series[a][x]), abs(series[b][x]), 1e-12)
                   for x in series[a]):
                same.append(b)
                seen.add(b)
        if len(same) > 1:
            merged.append(same)
    if not merged:
        return []
    text = "; ".join(" = ".join(g) for g in merged)
    if len(text) > 160:  # many: count them, name two
        text = "; ".join(f"{len(g)} of {len(names)} series, e.g. {g[0]} = {g[1]}"
                         for g in merged)
    return [f"coincide within {100 * COINCIDE_REL:g}%: {text}"]


# ------------------------------------------------------------------ figures

def latency_cdf(rows, out_base, by=("version", "resumed"), facet_col=None,
                facet_row=None):
    """Empirical CDF of handshake latency, one line per configuration (the
    values of ``by``), one panel per value of ``facet_col`` x ``facet_row``,
    each with its 95 % DKW confidence band (shaded)."""
    if not latencies(rows):
        return _skip("latency CDF", "no completed handshake with a latency_ms")
    plt = _pyplot()
    by = [k for k in by if any(k in r for r in rows)]
    notes = []
    if facet_row and len(group(rows, by)) == 1 and varies(rows, facet_row):
        # One configuration: the row facet becomes the series of each panel.
        by, facet_row = [facet_row], None
    by = [k for k in by if varies(rows, k)] or by[:1]
    # Too many curves for one panel: the first keys become the facets.
    for facet in ("col", "row"):
        if len(group(rows, by)) > 8 and len(by) > 1:
            if facet == "col" and not facet_col:
                facet_col, by = by[0], by[1:]
            elif facet == "row" and not facet_row:
                facet_row, by = by[0], by[1:]
    for key, most in ((facet_row, 4), (by[0] if len(by) == 1 else None, 6)):
        values = distinct(rows, key) if key else []
        if len(values) > most:  # e.g. 26 loss rates: a few, evenly spread
            shown = [values[round(i * (len(values) - 1) / (most - 1))] for i in range(most)]
            rows = [r for r in rows if r.get(key) in shown]
            notes.append(f"Shown: {', '.join(describe(key, v) for v in shown)} "
                         f"({most} of {len(values)} values).")
    fig, cells = _facet_axes(plt, rows, facet_row, facet_col)
    configs = [values for values, _ in group(rows, by)]
    everything = latencies(rows)
    counts, curves = [], {}
    for ax, title, subset in cells:
        for values, members in group(subset, by):
            lat = np.sort(latencies(members))
            if not len(lat):
                continue
            counts.append(len(lat))
            i = configs.index(values)
            style = _style(i)
            y = np.arange(1, len(lat) + 1) / len(lat)
            xs, ys = np.concatenate([[lat[0]], lat]), np.concatenate([[0], y])
            eps = tlsstats.dkw_epsilon(len(lat))
            ax.fill_between(xs, np.clip(ys - eps, 0, 1), np.clip(ys + eps, 0, 1), step="post",
                            color=style["color"], alpha=0.15, linewidth=0)
            ax.step(xs, ys, where="post", label=label(by, values), color=style["color"],
                    linestyle=style["linestyle"], marker=style["marker"],
                    markevery=max(1, len(xs) // 5), markerfacecolor="none", markersize=3.5)
            curves.setdefault(title, {})[label(by, values)] = {
                q: percentile(lat, q) for q in range(5, 100, 5)}
        ax.set_title(title)
        ax.set_xlabel("handshake latency (ms)")
        ax.set_ylabel("fraction of handshakes")
        ax.set_ylim(0, 1.02)
        if min(everything) > 0 and max(everything) / min(everything) > 20:
            _log_scale(ax, "x", everything)
    notes.insert(0, "Shaded: 95% DKW confidence band. "
                 + _n_text(counts, "completed handshakes").replace("per point", "per curve"))
    notes += _merge_notes([(title, note) for title, series in curves.items()
                           for note in _coinciding(series)], [c[1] for c in cells])
    return _finish(fig, cells, out_base, "Handshake latency CDF", notes=notes)


#: A series of measured points is joined by a thin line, a guide to the eye,
#: from this many points on; fewer stand alone (nothing is measured between).
GUIDE_MIN_POINTS = 4

#: What the markers, error bars and lines of the percentile figures are.
MEASURED_NOTE = ("Markers: measured points; error bars: their 95% confidence interval "
                 "(order statistics)")


def _dodge(values, k, log=False):
    """shift(x, i): x moved sideways for series i of k, so that the error bars
    of the series at one measured x stand apart (together they take 20 % of
    the smallest gap between two x values; on a log axis, of its decades)."""
    values = sorted({v for v in values if not log or v > 0})
    if k < 2 or not values:
        return lambda x, i: x
    pos = np.log10(values) if log else np.asarray(values, dtype=float)
    gaps = np.diff(pos)
    gap = gaps.min() if len(gaps) else (abs(pos[0]) or 1.0)
    step = 0.2 * gap / k

    def shift(x, i):
        offset = (i - (k - 1) / 2) * step
        x = np.asarray(x, dtype=float)
        return x * 10 ** offset if log else x + offset

    return shift


def _measured(ax, x, y, lo, hi, style, text):
    """Measured points (x, y) of one series with error bars from lo to hi
    (NaN: no interval), joined by a thin line as a guide only when there are
    at least GUIDE_MIN_POINTS of them; no band: nothing between the points
    was measured."""
    guide = len(x) >= GUIDE_MIN_POINTS
    bars = ~(np.isnan(lo) | np.isnan(hi))
    yerr = np.where(bars, [y - lo, hi - y], 0.0)
    ax.errorbar(x, y, yerr=yerr, errorevery=bars.tolist(), label=text, color=style["color"],
                marker=style["marker"], markerfacecolor="none",
                linestyle=style["linestyle"] if guide else "none", linewidth=0.7,
                elinewidth=0.8, capsize=2 if len(x) < 10 else 0, capthick=0.8)


def _percentile_lines(ax, rows, by, configs, x_key, x_value, q, shift=None):
    """The q-th percentile per configuration of ``by`` against
    ``x_value(row[x_key])``: measured points with their 95 % order-statistic
    interval as error bars (_measured), each series moved sideways by
    shift(x, series index); returns ({label: {x: y}}, [n per point], points
    without an interval)."""
    shift = shift or (lambda x, i: x)
    series, counts, bare = {}, [], 0
    for values, members in group(rows, by):
        points = []
        for (x,), at_x in group(members, [x_key]):
            lat = latencies(at_x)
            if lat:
                ci = tlsstats.percentile_ci(lat, q)
                points.append((x_value(x), percentile(lat, q),
                               ci[0] if ci else np.nan, ci[1] if ci else np.nan))
                counts.append(len(lat))
                bare += ci is None
        if not points:
            continue
        x, y, lo, hi = (np.array(v) for v in zip(*sorted(points)))
        i = configs.index(values)
        _measured(ax, shift(x, i), y, lo, hi, _style(i), label(by, values))
        series[label(by, values)] = dict(zip(x.tolist(), y.tolist()))
    return series, counts, bare


_STAT_NAMES = {50: "median", 95: "95th percentile", 99: "99th percentile", 90: "90th percentile"}


def _percentile_figure(rows, out_base, by, facet, x_key, x_value, x_label, title,
                       quantiles=(50, 95), log_x=False, log_y=False, y_from_zero=False):
    """Rows of panels, one per percentile in quantiles, columns by facet;
    measured points per configuration of by with error bars (their
    confidence intervals), joined by thin lines only as a guide."""
    plt = _pyplot()
    configs = [values for values, _ in group(rows, by)]
    facet = facet if facet and varies(rows, facet) else None
    col_values = distinct(rows, facet) if facet else [None]
    fig, axes = plt.subplots(len(quantiles), len(col_values), squeeze=False, sharex=True,
                             sharey="row",
                             figsize=(min(7.2, 1.2 + 2.4 * len(col_values)),
                                      0.9 + 1.9 * len(quantiles)))
    cells, counts, found, bare = [], [], [], {}
    xs = [x_value(v) for v in distinct(rows, x_key)]
    shift = _dodge(xs, len(configs), log=log_x)
    for i, q in enumerate(quantiles):
        for j, cv in enumerate(col_values):
            ax = axes[i][j]
            subset = [r for r in rows if cv is None or r.get(facet) == cv]
            series, n, without = _percentile_lines(ax, subset, by, configs, x_key, x_value, q,
                                                   shift)
            counts += n
            if without:
                bare[q] = bare.get(q, 0) + without
            panel = describe(facet, cv) if cv is not None else ""
            found += [(panel, f"{_STAT_NAMES.get(q, f'p{q}')}: {note}")
                      for note in _coinciding(series)]
            ax.set_title(panel if i == 0 else "")
            ax.set_xlabel(x_label)
            ax.set_ylabel(f"{_STAT_NAMES.get(q, f'p{q}')} (ms)")
            if log_x:
                _log_scale(ax, "x", xs)
            elif len(set(xs)) <= 8:  # ticks at the measured values
                ax.set_xticks(sorted(set(xs)))
            if log_y:
                _log_scale(ax, "y", latencies(rows))
            cells.append((ax, panel, subset))
    if y_from_zero:
        for ax, _, _ in cells:
            ax.set_ylim(bottom=0)
    notes = [MEASURED_NOTE + (", series moved slightly sideways to keep them apart"
                              if len(configs) > 1 else "")
             + f"; lines join {GUIDE_MIN_POINTS} or more points as a guide only. "
             + _n_text(counts, "completed handshakes") + "."]
    for q, k in bare.items():
        least = next(n for n in range(1, 10000) if tlsstats.order_statistic_ranks(n, q))
        notes.append(f"{_STAT_NAMES.get(q, f'p{q}').capitalize()}: no interval at {k} "
                     f"point(s) with fewer than {least} handshakes.")
    notes += _merge_notes(found, [describe(facet, v) if v is not None else ""
                                  for v in col_values])
    return _finish(fig, cells, out_base, title, notes=notes)


def latency_vs_loss(rows, out_base, by=("version", "resumed"), facet="delay"):
    """Median (top) and 95th percentile (bottom) latency against the packet
    loss rate: per configuration the measured points with error bars (the
    95 % order-statistic interval of the percentile, tlsstats), joined by a
    thin line as a guide only from GUIDE_MIN_POINTS loss rates on; no
    interpolated band. One column of panels per ``facet`` value."""
    if not varies(rows, "loss"):
        return _skip("latency against loss", "the loss rate does not vary")
    if not latencies(rows):
        return _skip("latency against loss", "no completed handshake")
    by = [k for k in by if k != "loss" and any(k in r for r in rows)]
    return _percentile_figure(rows, out_base, by, facet, "loss", lambda v: 100 * float(v),
                              "packet loss rate per direction (%)",
                              "Handshake latency against packet loss", y_from_zero=True)


def latency_vs_load(rows, out_base, by=("keyType", "cpuCores", "resumed"), facet=None,
                    load="rate"):
    """Median (top) and 95th percentile (bottom) latency against the offered
    load (Poisson arrivals per second), per configuration the measured points
    with error bars (as latency_vs_loss): where the servers' crypto CPUs saturate, latency rises
    steeply (the knee). With more than four configurations and no facet, the
    first key of ``by`` becomes the columns."""
    if not varies(rows, load):
        return _skip("latency against load", "the offered load does not vary")
    if not latencies(rows):
        return _skip("latency against load", "no completed handshake")
    by = [k for k in by if k != load and any(k in r for r in rows) and varies(rows, k)]
    if not (facet and varies(rows, facet)) and len(by) > 1 and len(group(rows, by)) > 4:
        facet, by = by[0], by[1:]
    lat = latencies(rows)
    return _percentile_figure(rows, out_base, by, facet, load, float,
                              "offered load (handshakes/s)",
                              "Handshake latency against offered load", log_x=True,
                              log_y=min(lat) > 0 and max(lat) / min(lat) > 20)


def _rtt_steps(ax, rtt, top):
    """Horizontal lines at whole numbers of round trips, up to the first one
    above top (ms)."""
    for k in range(1, int(top // rtt) + 2):
        ax.axhline(k * rtt, color="grey", linestyle=":", linewidth=0.8)
        ax.annotate(f"{k} RTT", (0.0, k * rtt), xycoords=("axes fraction", "data"),
                    xytext=(2, 1), textcoords="offset points", ha="left",
                    va="bottom", fontsize=6, color="grey")


def latency_vs_chain(rows, out_base, by=("version",), facet="delay"):
    """Latency of full handshakes against the certificate chain: left the
    median (measured points, error bars: its 95 % interval) against
    ``chain_depth``, right every
    handshake against the bytes the server sent (``bytes_s2c``) with the TCP
    initial window of the run (its segmentSize x initialCwnd) marked; dotted
    lines are whole round trips."""
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
                             figsize=(7.0, 1.0 + 2.3 * len(facet_values)))
    configs = [values for values, _ in group(full, by)]
    windows = sorted({w for w in (tlsstats.initial_window_bytes(r) for r in full)
                      if w is not None})
    cells, counts = [], []
    shift = _dodge([float(d) for d in distinct(full, "chain_depth")], len(configs))
    for (left, right), value in zip(axes, facet_values):
        subset = [r for r in full if value is None or r.get(facet) == value]
        top = 0.0
        for values, members in group(subset, by):
            style = _style(configs.index(values))
            points = []
            for (d,), m in group(members, ["chain_depth"]):
                lat = latencies(m)
                if lat:
                    ci = tlsstats.percentile_ci(lat, 50)
                    points.append((float(d), percentile(lat, 50),
                                   ci[0] if ci else np.nan, ci[1] if ci else np.nan))
                    counts.append(len(lat))
            if points:
                x, y, lo, hi = (np.array(v) for v in zip(*sorted(points)))
                _measured(left, shift(x, configs.index(values)), y, lo, hi, style,
                          label(by, values))
            done = [r for r in members if number(r.get("latency_ms")) is not None
                    and number(r.get("bytes_s2c")) is not None]
            right.scatter([float(r["bytes_s2c"]) / 1e3 for r in done],
                          [float(r["latency_ms"]) for r in done],
                          s=8, alpha=0.5, color=style["color"], marker=style["marker"],
                          facecolors="none", linewidths=0.7)
            top = max([top] + latencies(members))
        most = max([number(r.get("bytes_s2c")) or 0 for r in subset] + windows)
        for w in windows:
            right.axvline(w / 1e3, color="black", linestyle="--", linewidth=0.9)
        right.set_xlim(0, 1.15 * most / 1e3)
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
        left.set_xlabel("intermediate CAs in the server's chain")
        right.set_xlabel("bytes sent by the server (kB)")
        left.xaxis.get_major_locator().set_params(integer=True)
        cells += [(left, "", subset), (right, "", subset)]
    notes = []
    if windows:
        notes.append("Dashed: TCP initial window (segment size x initial window) = "
                     + ", ".join(f"{w} B" for w in windows)
                     + "; a server flight beyond it costs one more round trip.")
    else:
        notes.append("TCP initial window not marked: the rows name no segmentSize "
                     "and initialCwnd.")
    notes.append(f"Left: median. {MEASURED_NOTE}; lines join {GUIDE_MIN_POINTS} or more "
                 "points as a guide only; " + _n_text(counts, "full handshakes")
                 + ". Dotted: whole round trips.")
    return _finish(fig, cells, out_base,
                   "Full handshake latency against certificate chain size", notes=notes)


_RATE_LABELS = {
    "resumption_hit_rate": "resumed / sessions offered (%)",
    "resumption_rate": "resumed / successful handshakes (%)",
    "resumed": "resumed / completed handshakes (%)",
}


def resumption_vs_cache(rows, out_base, by=(), cache="sessionCache",
                        rate="resumption_rate"):
    """Session resumption hit rate against the server session cache size.

    The rate is the mean of the ``rate`` column (a fraction, one row per
    sweep point: ``resumption_rate`` or ``resumption_hit_rate``; error bars:
    the range over repetitions) when the rows carry it, else the fraction of
    completed handshakes with ``resumed`` = 1 (one row per handshake; error
    bars: the 95 % Wilson interval)."""
    if not varies(rows, cache):
        return _skip("resumption against cache size", f"{cache} does not vary")
    if not any(number(r.get(rate)) is not None for r in rows):
        rate = "resumed"
    plt = _pyplot()
    by = [k for k in by if k != cache and any(k in r for r in rows)]
    configs = group(rows, by)
    fig, ax = plt.subplots(figsize=(3.6, 2.8))
    counts, series = [], {}
    for i, (values, members) in enumerate(configs):
        points = []
        for (size,), at_size in group(members, [cache]):
            if rate == "resumed":
                at_size = [r for r in at_size if number(r.get("latency_ms")) is not None]
            rates = [v for v in (number(r.get(rate)) for r in at_size) if v is not None]
            if not rates:
                continue
            counts.append(len(rates))
            p = sum(rates) / len(rates)
            if rate == "resumed":
                lo, hi = _wilson(p, len(rates))
            else:
                lo, hi = min(rates), max(rates)
            points.append((float(size), 100 * p, 100 * max(0.0, p - lo),
                           100 * max(0.0, hi - p)))
        if points:
            x, y, down, up = zip(*sorted(points))
            style = _style(i)
            ax.errorbar(x, y, yerr=[down, up], markerfacecolor="none", capsize=2,
                        label=label(by, values), **style)
            series[label(by, values)] = dict(zip(x, y))
    sizes = [float(v) for v in distinct(rows, cache)]
    if min(sizes) > 0 and max(sizes) / min(sizes) >= 20:
        _log_scale(ax, "x", sizes)
    ax.set_xlabel("server session cache size (sessions)")
    ax.set_ylabel(_RATE_LABELS.get(rate, rate))
    ax.set_ylim(0, 102)
    what = "handshakes" if rate == "resumed" else "runs"
    bars = "95% Wilson interval" if rate == "resumed" else "range over runs"
    notes = [f"Error bars: {bars}. " + _n_text(counts, what) + "."] + _coinciding(series)
    return _finish(fig, [(ax, "", rows)], out_base, "Resumption against session cache size",
                   notes=notes)


def _wilson(p, n, z=1.959964):
    """95 % Wilson score interval (lo, hi) of a proportion p from n trials."""
    if n == 0:
        return 0.0, 1.0
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def latency_full_vs_resumed(rows, out_base, by=("version",), facet_col="delay",
                            facet_row=None):
    """Latency of full against resumed handshakes per configuration (the
    values of ``by``), one panel per value of ``facet_col`` x ``facet_row``:
    a marker at the median, a thick bar over the interquartile range, a thin
    one from the 5th to the 95th percentile, a cross at the maximum; the
    latency axis is logarithmic when the latencies span more than a factor
    of 20 (retransmission timeouts)."""
    from matplotlib.lines import Line2D
    done = [r for r in rows if number(r.get("latency_ms")) is not None]
    if len(distinct(done, "resumed")) < 2:
        return _skip("full against resumed latency",
                     "completed handshakes are not both full and resumed")
    plt = _pyplot()
    facets = [f if f and varies(done, f) else None for f in (facet_row, facet_col)]
    by = [k for k in by if k not in ["resumed"] + facets and any(k in r for r in done)]
    fig, cells = _facet_axes(plt, done, *facets, height=2.2,
                             width=max(2.0, 0.9 * len(group(done, by))))
    configs = group(done, by)
    kinds = (("0", -0.17, _style(0)), ("1", 0.17, _style(1)))
    counts = []
    for ax, title, subset in cells:
        for i, (values, _) in enumerate(configs):
            members = [r for r in subset if tuple(r.get(k, "") for k in by) == values]
            for kind, offset, style in kinds:
                lat = [float(r["latency_ms"]) for r in members
                       if str(int(number(r.get("resumed")) or 0)) == kind]
                if not lat:
                    continue
                counts.append(len(lat))
                x = i + offset
                q = {p: percentile(lat, p) for p in (5, 25, 50, 75, 95)}
                ax.plot([x, x], [q[5], q[95]], color=style["color"], linewidth=1.0)
                ax.plot([x, x], [q[25], q[75]], color=style["color"], linewidth=5,
                        alpha=0.45, solid_capstyle="butt")
                ax.plot([x], [q[50]], marker=style["marker"], color=style["color"],
                        markersize=5, markerfacecolor="white", linestyle="none")
                ax.plot([x], [max(lat)], marker="x", color=style["color"], markersize=3,
                        linestyle="none")
        ax.set_xticks(range(len(configs)))
        ax.set_xticklabels([label(by, v).replace(", ", "\n") for v, _ in configs])
        ax.set_xlim(-0.6, len(configs) - 0.4)
        ax.set_title(title)
        ax.set_ylabel("handshake latency (ms)")
        ax.grid(axis="x", visible=False)
    handles = [(Line2D([], [], color=s["color"], marker=s["marker"], markerfacecolor="white",
                       linewidth=5, alpha=0.7), describe("resumed", k)) for k, _, s in kinds]
    notes = ["Marker: median; thick bar: 25th-75th percentile; thin bar: 5th-95th "
             "percentile; cross: maximum. " + _n_text(counts, "handshakes").replace(
                 "per point", "per bar") + "."]
    lat = latencies(done)
    log = min(lat) > 0 and max(lat) / min(lat) > 20
    if log:
        for ax, _, _ in cells:
            _log_scale(ax, "y", lat)
    return _finish(fig, cells, out_base, "Full and resumed handshake latency",
                   y_from_zero=not log, notes=notes, handles=handles)


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
        if not present:
            ax.annotate("no alert", (0, y), xytext=(3, 0), textcoords="offset points",
                        va="center", fontsize=6, color="#555555")
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
    from matplotlib import ticker
    ax.xaxis.set_major_locator(ticker.MaxNLocator(integer=True))
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


def _flights(trace):
    """Merge the messages that leave together (same direction, same send
    time) into one: names joined by " + ", lengths summed."""
    flights = []
    for r in trace:
        last = flights[-1] if flights else None
        if last is not None and last["direction"] == r["direction"] and last["t"] == r["t"]:
            last["message"] += " + " + r["message"]
            if number(last.get("length")) is not None and number(r.get("length")) is not None:
                last["length"] = str(int(number(last["length"]) + number(r["length"])))
        else:
            flights.append(dict(r))
    return flights


def ladder(messages, out_base, one_way_delay=None, title=None, scale="readable"):
    """Sequence diagram of one handshake from a ``--messages`` trace.

    Only the first connection is drawn (the first conn_id of each direction).
    Two vertical lines, Client and Server; one arrow per message from its
    send time (``time_s``, at the sender) to its arrival: the ``arrival_s``
    column when the trace has it, else the send time plus ``one_way_delay``
    (an ns-3 time string or a number of ms; estimated from the trace when
    None). The messages of one flight leave at the same instant; they are
    drawn a small gap apart so that each label can be read, and the ticks on
    the time axis give the real send time of each flight. With
    scale="time" the time axis is to scale instead: one arrow per flight
    (its messages joined by " + "), drawn from its real send time to its
    arrival. TLS 1.2 traces (phase column set) get the four phases shaded
    and named."""
    if scale not in ("readable", "time"):
        raise ValueError(f"ladder: scale must be 'readable' or 'time', got {scale!r}")
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
    if not trace:
        return _skip("ladder", "the trace has no message with a time_s")
    if trace:  # times from the first message
        start = trace[0]["t"]
        for r in trace:
            r["t"] -= start
            if number(r.get("arrival_s")) is not None:
                r["arrival_s"] = str(number(r["arrival_s"]) - start)
    if scale == "time":
        trace = _flights(trace)
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
    # To scale, a flight's label has up to three lines: more room per flight.
    height = max(3.5, 1.6 + (0.3 if scale == "readable" else 0.7) * len(trace))
    fig, ax = plt.subplots(figsize=(6.2, height))
    # Consecutive sends at least one label height (0.16 in) apart.
    gap = 0.0
    for _ in range(5 if scale == "readable" else 1):
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
        text = r["message"] + size
        if scale == "time":  # a whole flight: at most ~48 characters a line
            text = "\n".join(textwrap.wrap(text, 40, break_on_hyphens=False))
        arrows.append(((x0, t0), (x1, t1), text, color))
    for x, name in ((0.0, "Client"), (1.0, "Server")):
        ax.plot([x, x], [top, bottom], color="black", linewidth=1.5)
        ax.text(x, top, name, ha="center", va="bottom", fontsize=9, fontweight="bold")
    ticks, labels = [], []
    for y, r, previous in zip(ys, trace, [None] + trace[:-1]):
        if previous is None or r["t"] > previous["t"]:
            ticks.append(1e3 * y)
            labels.append(f"{1e3 * (r['t'] - trace[0]['t']):.1f}")
    if scale == "readable":
        ax.set_yticks(ticks)
        ax.set_yticklabels(labels)
    ax.set_xlim(-0.65 if order else -0.15, 1.15)
    ax.set_ylim(bottom, top)
    ax.set_xticks([])
    ax.grid(False)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_ylabel("send time from the first message (ms)" if scale == "readable"
                  else "time from the first message (ms, to scale)")
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


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit status 1 (as
    sweep.py's)."""

    def error(self, message):
        print(f"tlsplots: {message}", file=sys.stderr)
        sys.exit(1)


def read_messages(path):
    """The rows of a --messages CSV for the ladder command; anything that is
    not such a file ends the command in one line naming it."""
    needed = ("time_s", "direction", "message")
    try:
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            rows = list(reader)
            header = reader.fieldnames or []
    except OSError as e:
        raise SystemExit(f"tlsplots: ladder: messages file {path}: cannot read it "
                         f"({e.strerror or e}); expected a tls-experiment --messages CSV") \
            from None
    except (UnicodeDecodeError, csv.Error) as e:
        raise SystemExit(f"tlsplots: ladder: messages file {path}: not a CSV file ({e}); "
                         "expected a tls-experiment --messages CSV") from None
    missing = [c for c in needed if c not in header]
    if missing:
        raise SystemExit(f"tlsplots: ladder: messages file {path}: no column "
                         f"{', '.join(missing)} (expected a tls-experiment --messages CSV "
                         f"with {', '.join(needed)})")
    for i, row in enumerate(rows):
        if None in row or None in row.values():  # more or fewer fields than the header
            fields = len(header) + len(row.get(None, [])) - list(row.values()).count(None)
            raise SystemExit(f"tlsplots: ladder: messages file {path}: row {i + 2} has "
                             f"{fields} fields, the header {len(header)} (expected one "
                             "field per column)")
        time_s = number(row["time_s"])
        if row["time_s"].strip() and (time_s is None or not math.isfinite(time_s)):
            raise SystemExit(f"tlsplots: ladder: messages file {path}: row {i + 2}: "
                             f"time_s {row['time_s']!r} is not a number (expected seconds)")
    if not rows:
        raise SystemExit(f"tlsplots: ladder: messages file {path}: no messages (expected "
                         "a tls-experiment --messages CSV with at least one row)")
    return rows


def main():
    """Command line: draw the ladder diagram of a --messages trace. Bad input
    ends it with exit status 1 and one line on stderr."""
    parser = Parser(description="Draw tls-experiment figures.")
    commands = parser.add_subparsers(dest="command", required=True)
    lad = commands.add_parser("ladder", help="sequence diagram of a --messages trace")
    lad.add_argument("messages", help="messages CSV written by tls-experiment --messages")
    lad.add_argument("out_base", help="output path without extension (.png and .pdf)")
    lad.add_argument("--delay", help="one-way delay (ns-3 time, e.g. 10ms); "
                     "default: estimated from the trace")
    lad.add_argument("--title", help="figure title")
    lad.add_argument("--to-scale", action="store_true",
                     help="time axis to scale (one arrow per flight)")
    args = parser.parse_args()
    if args.delay is not None:
        delay = time_ms(args.delay)
        if delay is None or not math.isfinite(delay) or delay < 0:
            parser.error(f"ladder: --delay {args.delay!r} is not allowed (expected a "
                         "time of at least 0, e.g. 10ms, 0.5s)")
    directory = os.path.dirname(args.out_base) or "."
    if not os.path.isdir(directory):
        parser.error(f"ladder: out_base {args.out_base}: no directory {directory} (expected "
                     "a path in an existing directory, without extension)")
    messages = read_messages(args.messages)
    try:
        paths = ladder(messages, args.out_base, args.delay, args.title,
                       scale="time" if args.to_scale else "readable")
    except OSError as e:
        raise SystemExit(f"tlsplots: ladder: out_base {args.out_base}: cannot write "
                         f"{e.filename or args.out_base} ({e.strerror or e})") from None
    if not paths:
        sys.exit(1)
    print("\n".join(paths))


if __name__ == "__main__":
    main()
