"""Tests of tlsstats.py (the one statistics definition) and of the layout
of every figure kind of tlsplots.py (no two texts overlap).

    /usr/bin/python3 -m pytest scripts/tests/test_stats_figures.py
"""

import math
import os
import random
import subprocess
import sys

import pytest

import tlsplots
import sweep
import tlsstats
from test_sweep import synthetic_rows, write_messages


# ------------------------------------------------------------------ statistics

def test_nearest_rank_percentiles():
    values = [15, 20, 35, 40, 50]  # the textbook example of the nearest rank
    assert tlsstats.percentile(values, 5) == 15
    assert tlsstats.percentile(values, 30) == 20
    assert tlsstats.percentile(values, 40) == 20
    assert tlsstats.percentile(values, 50) == 35
    assert tlsstats.percentile(values, 100) == 50
    assert tlsstats.percentile(values, 0) == 15
    assert tlsstats.percentile(list(range(1, 101)), 90) == 90
    assert tlsstats.percentile([], 50) is None
    with pytest.raises(ValueError):
        tlsstats.percentile(values, 101)


def test_order_statistic_interval():
    # n = 6, median: [x_(1), x_(6)] covers with 1 - 2/64 = 96.9 %; n = 5 cannot
    # reach 95 % (1 - 2/32 = 93.75 %).
    assert tlsstats.order_statistic_ranks(6, 50) == (1, 6)
    assert tlsstats.order_statistic_ranks(5, 50) is None
    # n = 100, median: ranks 40 and 61 (the tabulated distribution-free interval).
    assert tlsstats.order_statistic_ranks(100, 50) == (40, 61)
    lo, hi = tlsstats.percentile_ci(list(range(1, 101)), 50)
    assert (lo, hi) == (40, 61)


def test_order_statistic_interval_coverage():
    # Uniform(0, 1) values: the true 90th percentile is 0.9.
    rng = random.Random(7)
    trials, hits = 1000, 0
    for _ in range(trials):
        lo, hi = tlsstats.percentile_ci([rng.random() for _ in range(60)], 90)
        hits += lo <= 0.9 <= hi
    assert 0.93 <= hits / trials <= 1.0


def test_dkw_band():
    # epsilon = sqrt(ln(2 / 0.05) / (2 n)): 0.1358 for n = 100.
    assert tlsstats.dkw_epsilon(100) == pytest.approx(math.sqrt(math.log(40) / 200))


def test_streaming_error_bound():
    # 4000 log bins over 10 decades: each 10^(1/400) wide, the centre within
    # half a bin (10^(1/800)) of any value in it.
    assert tlsstats.STREAMING_REL_ERROR == pytest.approx(10 ** (1 / 800) - 1)
    assert 0.0028 < tlsstats.STREAMING_REL_ERROR < 0.0029


def test_round_trips_and_initial_window():
    assert tlsstats.analytic_rtts("1.2", False) == 3
    assert tlsstats.analytic_rtts("TLSv1.2", True) == 2
    assert tlsstats.analytic_rtts("1.3", False) == 2
    assert tlsstats.analytic_rtts("1.3", False, window_exceeded=True) == 3
    assert tlsstats.analytic_latency_ms("1.3", True, 31.1) == pytest.approx(62.2)
    assert tlsstats.initial_window_bytes({"segmentSize": "536", "initialCwnd": "4"}) == 2144
    assert tlsstats.initial_window_bytes({"initialCwnd": "2"}, {"segmentSize": "1000"}) == 2000
    assert tlsstats.initial_window_bytes({}) is None
    summary = {"config": {"SegmentSize": "1000", "InitialCwnd": "3", "Clients": "2"}}
    assert tlsstats.run_window(summary) == {"segmentSize": "1000", "initialCwnd": "3"}
    assert tlsstats.initial_window_bytes(summary["config"]) == 3000
    # 0 in "config" means "the TCP default in effect": "tcp" names it.
    summary = {"config": {"SegmentSize": 0, "InitialCwnd": 0},
               "tcp": {"SegmentSize": 1448, "InitialCwnd": 10}}
    assert tlsstats.run_window(summary) == {"segmentSize": 1448, "initialCwnd": 10}
    assert tlsstats.run_window({"config": {"SegmentSize": 0}}) == {}


@pytest.mark.parametrize("options,window", [([], 1448 * 10),
                                            (["--segmentSize=536", "--initialCwnd=4"], 536 * 4)])
def test_window_of_a_real_run(build_dir, tmp_path, options, window):
    """The window read from a summary.json the program wrote: the module's
    default TCP (1448 B x 10) or the options given."""
    import json
    import subprocess
    summary = tmp_path / "summary.json"
    subprocess.run([sweep.binary_path(build_dir), "--handshakes=2",
                    "--progress=0", f"--summary={summary}"] + options,
                   check=True, stdout=subprocess.DEVNULL,
                   env=dict(os.environ, NS3_TLS_CACHE_DIR=str(tmp_path / "cache")))
    run = tlsstats.run_window(json.loads(summary.read_text()))
    assert tlsstats.initial_window_bytes(run) == window


def test_summarize():
    s = tlsstats.summarize([4.0, 1.0, 3.0, 2.0])
    assert s == {"n": 4, "mean": 2.5, "min": 1.0, "max": 4.0, "p50": 2.0, "p90": 4.0,
                 "p95": 4.0, "p99": 4.0}


# ------------------------------------------------------------------ layout

def load_rows():
    """Rows of a load sweep: 8 configurations, two of which coincide."""
    rows = []
    for key in ("rsa2048", "p256"):
        for cores in ("1", "4"):
            for resume in ("0", "0.9"):
                for rate in ("500", "1000", "2000", "4000"):
                    cost = (1.0 if key == "rsa2048" else 0.3) * (0.2 if resume != "0" else 1)
                    for i in range(30):
                        latency = 20 + 1000 * max(0.0, float(rate) * cost / 1000 / int(cores)
                                                  - 0.5) + i
                        rows.append({"keyType": key, "cpuCores": cores, "resume": resume,
                                     "rate": rate, "latency_ms": f"{latency:.3f}"})
    return rows


FIGURES = [
    ("latency_cdf", lambda: synthetic_rows(), {"by": ["version", "resumed"],
                                               "facet_col": "delay", "facet_row": "loss"}),
    ("latency_vs_loss", lambda: synthetic_rows(), {"by": ["version", "resumed"],
                                                   "facet": "delay"}),
    ("latency_vs_load", load_rows, {"by": ["keyType", "cpuCores", "resume"]}),
    ("latency_vs_chain", lambda: synthetic_rows(), {"by": ["version"], "facet": "delay"}),
    ("resumption_vs_cache", lambda: synthetic_rows(), {"by": ["version"]}),
    ("latency_full_vs_resumed", lambda: synthetic_rows(), {"by": ["version"],
                                                           "facet_col": "delay",
                                                           "facet_row": "loss"}),
    ("alerts", lambda: synthetic_rows(), {"by": ["scenario", "version"]}),
]


@pytest.mark.parametrize("name, rows, kwargs", FIGURES, ids=[f[0] for f in FIGURES])
def test_no_text_overlaps(tmp_path, name, rows, kwargs):
    out = str(tmp_path / name)
    paths = getattr(tlsplots, name)(rows(), out, **kwargs)
    assert paths == [out + ".png", out + ".pdf"]
    assert tlsplots.LAST_OVERLAPS[out] == []


@pytest.mark.parametrize("version", ["1.2", "1.3"])
@pytest.mark.parametrize("scale", ["readable", "time"])
def test_ladder_no_text_overlaps(tmp_path, version, scale):
    trace = tmp_path / "messages.csv"
    write_messages(trace, version)
    out = str(tmp_path / "ladder")
    assert tlsplots.ladder(tlsplots.read_csv(trace), out, "10ms", scale=scale)
    assert tlsplots.LAST_OVERLAPS[out] == []


def test_overlap_check_finds_overlaps(tmp_path):
    # The check itself: two texts at one place are reported.
    plt = tlsplots._pyplot()
    fig, ax = plt.subplots()
    ax.text(0.5, 0.5, "first label")
    ax.text(0.5, 0.5, "second label")
    assert len(tlsplots.overlaps(fig)) == 1
    plt.close(fig)


def test_log_axis_labels_do_not_run_together(tmp_path):
    # Latencies from 30 ms to 3 s (retransmission timeouts): the old axis
    # labelled 1000 and 2000 so close that they read "10002000".
    rows = [{"version": "1.3", "latency_ms": str(30 * 1.05 ** i)} for i in range(95)]
    out = str(tmp_path / "cdf")
    tlsplots.latency_cdf(rows, out, by=["version"])
    assert tlsplots.LAST_OVERLAPS[out] == []


def test_coinciding_series_are_named():
    notes = tlsplots._coinciding({"a": {1: 10.0, 2: 20.0}, "b": {1: 10.05, 2: 20.1},
                                  "c": {1: 12.0, 2: 20.0}})
    assert notes == ["coincide within 1%: a = b"]


def test_rows_carry_the_runs_own_initial_window(tmp_path):
    import csv
    import json
    import sweep
    point = sweep.make_point("grid", {"chainDepth": "3", "seed": "1", "run": "1"})
    directory = tmp_path / "points" / point["id"]
    directory.mkdir(parents=True)
    with open(directory / "records.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["latency_ms", "bytes_s2c", "resumed", "chain_depth"])
        writer.writerow(["40.0", "5000", "0", "3"])
    (directory / "summary.json").write_text(json.dumps(
        {"config": {"SegmentSize": "536", "InitialCwnd": "4"}}))
    # The program's defaults say 1448 x 10; the run used 536 x 4.
    rows, _, _, _ = sweep.collect(str(tmp_path), [point], [],
                                  {"segmentSize": "1448", "initialCwnd": "10"})
    assert tlsstats.initial_window_bytes(rows[0]) == 536 * 4


def grid_rows():
    """One configuration at four RTTs and 26 loss rates (the big grid's
    shape), 30 handshakes per point."""
    rows = []
    for delay in ("2.8ms", "15.55ms", "39.35ms", "97.85ms"):
        rtt = 2 * tlsstats.time_ms(delay)
        for i in range(26):
            loss = round(0.008 * i, 3)
            for k in range(30):
                latency = 2 * rtt + (1000 if k < 30 * loss * 3 else 0) + k * 0.01
                rows.append({"version": "1.3", "delay": delay, "loss": str(loss),
                             "latency_ms": f"{latency:.3f}", "resumed": "0"})
    return rows


@pytest.mark.parametrize("name, kwargs", [
    ("latency_cdf", {"by": [], "facet_col": "delay", "facet_row": "loss"}),
    ("latency_vs_loss", {"by": [], "facet": "delay"}),
])
def test_big_grid_figures(tmp_path, name, kwargs):
    out = str(tmp_path / name)
    assert getattr(tlsplots, name)(grid_rows(), out, **kwargs)
    assert tlsplots.LAST_OVERLAPS[out] == []


def test_cdf_of_many_configurations_is_faceted(tmp_path):
    # 32 configurations (the load sweep): at most 8 curves a panel, no overlap.
    out = str(tmp_path / "cdf")
    tlsplots.latency_cdf(load_rows(), out, by=["keyType", "cpuCores", "resume", "rate"])
    assert tlsplots.LAST_OVERLAPS[out] == []
    plt = tlsplots._pyplot()
    # The figure was closed; draw it again to count the curves of a panel.
    fig_count = plt.get_fignums()
    assert fig_count == []


# ------------------------------------------------------------------ the ladder command line

TLSPLOTS = os.path.join(os.path.dirname(os.path.abspath(tlsplots.__file__)), "tlsplots.py")
HEADER = "conn_id,time_s,direction,phase,message,length\n"
#: (messages file content (bytes or text; None: no file, "DIR": a directory),
#: extra arguments, output base, the words of the refusal).
BAD_LADDERS = [
    (None, [], "lad", "messages file msg.csv: cannot read it (No such file"),
    ("DIR", [], "lad", "messages file msg.csv: cannot read it (Is a directory"),
    (bytes(range(128, 256)), [], "lad", "messages file msg.csv: not a CSV file"),
    ("", [], "lad", "messages file msg.csv: no column time_s, direction, message"),
    ("a,b\n1,2\n", [], "lad", "messages file msg.csv: no column time_s"),
    (HEADER, [], "lad", "messages file msg.csv: no messages"),
    (HEADER + "1,0.0,C->S\n", [], "lad", "msg.csv: row 2 has 3 fields, the header 6"),
    (HEADER + "1,0.0,C->S,1,ClientHello,200,9\n", [], "lad", "row 2 has 7 fields"),
    (HEADER + "1,abc,C->S,1,ClientHello,200\n", [], "lad", "row 2: time_s 'abc'"),
    ("TRACE", ["--delay=abc"], "lad", "--delay 'abc' is not allowed"),
    ("TRACE", ["--delay=-5ms"], "lad", "--delay '-5ms' is not allowed"),
    ("TRACE", ["--delay=1e999ms"], "lad", "--delay '1e999ms' is not allowed"),
    ("TRACE", [], os.path.join("missing", "lad"), "out_base missing/lad: no directory"),
    ("TRACE", ["--bogus"], "lad", "unrecognized arguments: --bogus"),
]


@pytest.mark.parametrize("content, extra, out_base, words", BAD_LADDERS)
def test_ladder_command_refuses_bad_input(tmp_path, content, extra, out_base, words):
    """tlsplots.py ladder: a messages file that cannot be read or is not a
    --messages CSV, a --delay that is not a time >= 0, an output in a missing
    directory, and usage errors end with status 1 and one line, no
    traceback, nothing written."""
    trace = tmp_path / "msg.csv"
    if content == "DIR":
        trace.mkdir()
    elif content == "TRACE":
        write_messages(trace, "1.3")
    elif content is not None:
        trace.write_bytes(content if isinstance(content, bytes) else content.encode())
    result = subprocess.run([sys.executable, TLSPLOTS, "ladder", "msg.csv", out_base, *extra],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120,
                            check=False)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("tlsplots: ")
    assert words in result.stderr, result.stderr
    assert not any(p.suffix in (".png", ".pdf") for p in tmp_path.rglob("*"))


# ------------------------------------------------------------------ measured points

def keep_figures(monkeypatch):
    """The figures tlsplots saves from now on, as [(out_base, figure)]."""
    saved = []
    save = tlsplots._save

    def keep(fig, out_base):
        saved.append((out_base, fig))
        return save(fig, out_base)

    monkeypatch.setattr(tlsplots, "_save", keep)
    return saved


def _errorbars(ax):
    from matplotlib.container import ErrorbarContainer
    return [c for c in ax.containers if isinstance(c, ErrorbarContainer)]


def _bands(ax):
    from matplotlib.collections import PolyCollection
    return [c for c in ax.collections if isinstance(c, PolyCollection)]


@pytest.mark.parametrize("name, rows, kwargs", [
    ("latency_vs_loss", lambda: synthetic_rows(), {"by": ["version", "resumed"],
                                                   "facet": "delay"}),
    ("latency_vs_load", load_rows, {"by": ["keyType", "cpuCores", "resume"]}),
    ("latency_vs_chain", lambda: synthetic_rows(), {"by": ["version"], "facet": "delay"}),
])
def test_percentiles_are_measured_points_with_error_bars(tmp_path, monkeypatch, name, rows,
                                                         kwargs):
    """Each configuration's percentile is drawn at its measured points with
    error bars (its 95 % interval), with no interpolated confidence band."""
    saved = keep_figures(monkeypatch)
    getattr(tlsplots, name)(rows(), str(tmp_path / name), **kwargs)
    (_, fig), = saved
    panels = [ax for ax in fig.axes if _errorbars(ax)]
    assert panels
    for ax in fig.axes:
        assert _bands(ax) == [], ax.get_title()
    assert any("rror bars" in t.get_text() for t in fig.texts)


def test_loss_error_bars_are_the_intervals_of_the_statistic(tmp_path, monkeypatch):
    """latency_vs_loss: one ErrorbarContainer per configuration and panel;
    its bars are tlsstats' 95 % intervals of the median (top) and the 95th
    percentile (bottom) at each loss rate; two loss points are not joined by
    a line (nothing is measured between them)."""
    saved = keep_figures(monkeypatch)
    rows = synthetic_rows()
    tlsplots.latency_vs_loss(rows, str(tmp_path / "loss"), by=["version", "resumed"],
                             facet="delay")
    (_, fig), = saved
    axes = fig.axes
    assert len(axes) == 4  # 2 percentiles x 2 RTTs
    for ax, (q, delay) in zip(axes, [(50, "10ms"), (50, "50ms"), (95, "10ms"), (95, "50ms")]):
        containers = _errorbars(ax)
        assert len(containers) == 4  # TLS 1.2/1.3 x full/resumed
        for container in containers:
            line, _, (bars,) = container.lines
            assert line.get_linestyle() == "None"  # two loss points: no line
            version, resumed = {"TLS 1.2, full": ("1.2", "0"), "TLS 1.2, resumed": ("1.2", "1"),
                                "TLS 1.3, full": ("1.3", "0"),
                                "TLS 1.3, resumed": ("1.3", "1")}[container.get_label()]
            expected, medians = [], []
            for loss in ("0", "0.02"):
                lat = tlsstats.latencies([r for r in rows if r["version"] == version
                                          and r["resumed"] == resumed and r["delay"] == delay
                                          and r["loss"] == loss])
                medians.append(tlsstats.percentile(lat, q))
                expected.append(tlsstats.percentile_ci(lat, q))
            assert sorted(line.get_ydata().tolist()) == pytest.approx(sorted(medians))
            # A point with too few handshakes for an interval has no bar.
            drawn = sorted((min(s[0][1], s[1][1]), max(s[0][1], s[1][1]))
                           for s in bars.get_segments() if len(s))
            assert drawn == pytest.approx(sorted(ci for ci in expected if ci))
            assert drawn or q == 95


def test_many_loss_points_are_joined_by_a_thin_guide(tmp_path, monkeypatch):
    """26 loss rates: the measured points are joined by a thin line, a guide
    to the eye; still no band."""
    saved = keep_figures(monkeypatch)
    tlsplots.latency_vs_loss(grid_rows(), str(tmp_path / "loss"), by=[], facet="delay")
    (_, fig), = saved
    for ax in fig.axes:
        (container,) = _errorbars(ax)
        line = container.lines[0]
        assert line.get_linestyle() != "None" and line.get_linewidth() <= 0.8
        assert len(line.get_xdata()) == 26
        assert _bands(ax) == []


def test_three_loss_points_are_not_joined(tmp_path, monkeypatch):
    saved = keep_figures(monkeypatch)
    rows = [r for r in grid_rows() if r["loss"] in ("0.0", "0.008", "0.016")]
    tlsplots.latency_vs_loss(rows, str(tmp_path / "loss"), by=[], facet="delay")
    (_, fig), = saved
    for ax in fig.axes:
        (container,) = _errorbars(ax)
        assert container.lines[0].get_linestyle() == "None"
