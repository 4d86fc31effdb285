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
