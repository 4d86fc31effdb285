"""pqplots.py on a synthetic results.csv: the three figures, and the summary
that puts each server flight on the right side of the initial window."""

import csv
import os

import pqplots


def write_results(path):
    columns = ["point", "groups", "keyType", "delay", "loss", "handshakes", "caKeyType",
               "serverGroups", "keyShares", "key_type", "chain_depth", "group", "outcome",
               "latency_ms", "server_flight_bytes", "client_hello_bytes"]
    rows = []

    def add(point, n, **values):
        for _ in range(n):
            row = {c: "" for c in columns}
            row.update(point=point, outcome="ok", **values)
            rows.append(row)

    # Latency grid: 2 RTT for P-256, 3 RTT for ML-DSA-65.
    for key, lat in (("p256", 100.3), ("mldsa65", 150.5)):
        add(f"l-{key}", 3, groups="X25519MLKEM768", keyType=key, delay="25ms", loss="0",
            handshakes="100", key_type=key, chain_depth="1", latency_ms=str(lat),
            server_flight_bytes="2335", client_hello_bytes="1417")
    # Flight grid: one flight under the window (14480 B), one over it.
    add("f-44", 2, groups="X25519MLKEM768", keyType="mldsa44", delay="25ms", loss="0",
        handshakes="50", key_type="mldsa44", chain_depth="1", latency_ms="101.1",
        server_flight_bytes="11875", client_hello_bytes="1417")
    add("f-65", 2, groups="X25519MLKEM768", keyType="mldsa65", delay="25ms", loss="0",
        handshakes="50", key_type="mldsa65", chain_depth="1", latency_ms="150.5",
        server_flight_bytes="15822", client_hello_bytes="1417")
    # ClientHello grid.
    for group, size in (("X25519", 241), ("SecP256r1MLKEM768", 1450)):
        add(f"c-{group}", 2, groups=group, keyType="p256", delay="25ms", loss="0",
            handshakes="20", key_type="p256", chain_depth="1", latency_ms="100.3",
            server_flight_bytes="1247", client_hello_bytes=str(size))
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def test_figures_and_window_sides(tmp_path):
    write_results(tmp_path / "results.csv")
    assert pqplots.main([str(tmp_path)]) == 0
    for name in ("pq_latency", "pq_flight", "pq_clienthello"):
        assert (tmp_path / f"{name}.png").stat().st_size > 0, name
    summary = (tmp_path / "pq_summary.txt").read_text()
    assert "11875 B" in summary and "15822 B" in summary
    lines = summary.splitlines()
    assert "(within the window)" in next(l for l in lines if "11875 B" in l)
    assert "(over the window)" in next(l for l in lines if "15822 B" in l)
    # 241 B: one segment of 1448; 1450 B: two.
    assert "1 segment(s)" in next(l for l in lines if l.strip().startswith("X25519 "))
    assert "2 segment(s)" in next(l for l in lines if "SecP256r1MLKEM768" in l)


def test_missing_results_is_an_error(tmp_path):
    assert pqplots.main([str(tmp_path)]) == 1


def test_window_is_the_runs_own():
    """The window and segment lines follow the segmentSize and initialCwnd the
    rows name (copied from each point's summary.json), not fixed values."""
    assert pqplots.tcp_window([{"segmentSize": "536", "initialCwnd": "4"}]) == (536, 4)
    assert pqplots.tcp_window([{"segmentSize": "0"}, {"segmentSize": 1200,
                                                      "initialCwnd": 2}]) == (1200, 2)
    assert pqplots.tcp_window([{}]) == (1448, 10)


def latency_rows(latencies, handshakes="100", key="p256", group="X25519MLKEM768"):
    """Rows of one bar of the latency grid with the given latencies."""
    return [{"point": "p", "groups": group, "keyType": key, "delay": "25ms", "loss": "0.02",
             "handshakes": handshakes, "outcome": "ok", "latency_ms": str(v)}
            for v in latencies]


def keep_saved(monkeypatch):
    """The figures pqplots saves from now on: {name: figure}."""
    saved = {}
    save = pqplots.save

    def keep(fig, out, name):
        saved[name] = fig
        save(fig, out, name)

    monkeypatch.setattr(pqplots, "save", keep)
    return saved


def test_latency_whiskers_are_the_interval_of_the_median(tmp_path, monkeypatch):
    """pq_latency: a bar is the median by the nearest rank (tlsstats), its
    whiskers the median's 95 % order-statistic interval, and the figure says
    so, with the handshakes per bar."""
    import random
    import tlsstats
    latencies = list(range(1, 101))  # 1..100 ms: median 50, interval ranks 40..61
    random.Random(1).shuffle(latencies)
    saved = keep_saved(monkeypatch)
    lines = []
    pqplots.latency_figure(latency_rows(latencies), str(tmp_path), lines)
    fig = saved["pq_latency"]
    (ax,) = fig.axes
    (bars,) = [c for c in ax.containers if hasattr(c, "patches")]
    assert [p.get_height() for p in bars.patches] == [tlsstats.percentile(latencies, 50)]
    (whisker,) = bars.errorbar.lines[2][0].get_segments()
    assert sorted(y for _, y in whisker) == list(tlsstats.percentile_ci(latencies, 50)) \
        == [40, 61]
    texts = " ".join(t.get_text() for t in fig.texts)
    assert "whiskers: 95% confidence interval of the median" in texts
    assert "n = 100 completed handshakes per bar" in texts
    assert any("50.0 [40.0, 61.0]" in line and "p90 90.0 [84.0, 96.0]" in line
               for line in lines), lines


def test_medians_are_the_nearest_rank(tmp_path):
    """Every median of pq_summary.txt is tlsstats's nearest rank (for an even
    count the lower middle value, not the mean of the two middle ones)."""
    lines = []
    pqplots.latency_figure(latency_rows([100.0, 110.0, 130.0, 150.0]), str(tmp_path), lines)
    line = next(l for l in lines if l.startswith("  loss"))
    assert " 110.0 " in line and "120.0" not in line, line
    rows = [{"point": "f", "groups": "X25519MLKEM768", "keyType": "mldsa44",
             "key_type": "mldsa44", "delay": "25ms", "loss": "0", "handshakes": "50",
             "outcome": "ok", "chain_depth": "1", "latency_ms": str(v),
             "server_flight_bytes": str(b)}
            for v, b in ((100.0, 11000), (101.0, 11200), (150.0, 11400), (151.0, 11600))]
    lines = []
    pqplots.flight_figure(rows, str(tmp_path), lines)
    assert any("11200 B" in l and " 101.0 ms" in l for l in lines), lines
