"""Tests of sweep.py (against the real tls-experiment) and of tlsplots.py.

    /usr/bin/python3 -m pytest scripts/tests
"""

import csv
import json
import os
import subprocess
import sys

import pytest

import sweep
import tlsplots

SWEEP = os.path.join(sweep.SCRIPTS, "sweep.py")
#: A tiny sweep: TLS 1.2 and 1.3 at two delays, two clients with three
#: handshakes each, so that every client resumes after its first handshake.
TINY = ["--set", "version=1.2,1.3", "--set", "delay=10ms,20ms", "--set", "loss=0",
        "--set", "clients=2", "--set", "handshakes=6", "--set", "resume=1",
        "--jobs", "2"]


def run_sweep(build, out, *args):
    """Run sweep.py in a process; return its CompletedProcess."""
    result = subprocess.run([sys.executable, SWEEP, "--out", str(out), "--build", build,
                             *args], capture_output=True, text=True, timeout=600,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def read_rows(path):
    """Header and rows of a CSV file."""
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, list(reader)


@pytest.fixture(scope="module")
def tiny(build_dir, tmp_path_factory):
    """The tiny sweep, run once: (build dir, output dir, first run's output)."""
    out = tmp_path_factory.mktemp("tiny")
    return build_dir, out, run_sweep(build_dir, out, *TINY)


# ------------------------------------------------------------------ sweeps

def test_results_have_every_swept_option_and_every_handshake(tiny):
    _, out, _ = tiny
    header, rows = read_rows(out / "results.csv")
    for column in ("point", "version", "delay", "seed", "run", "latency_ms", "resumed",
                   "outcome"):
        assert column in header
    assert "loss" not in header  # one value: not swept
    manifest = json.loads((out / "sweep.json").read_text())
    assert len(manifest["points"]) == 4
    attempts = 0
    for point in manifest["points"]:
        with open(out / "points" / point["id"] / "summary.json") as f:
            attempts += json.load(f)["attempts"]
        assert (out / "points" / point["id"] / "done").exists()
    assert len(rows) == attempts == 4 * 6
    assert {(r["version"], r["delay"]) for r in rows} == {
        ("1.2", "10ms"), ("1.2", "20ms"), ("1.3", "10ms"), ("1.3", "20ms")}


def test_loss_free_latency_matches_round_trip_count(tiny):
    _, out, _ = tiny
    _, rows = read_rows(out / "results.csv")
    cells = {}
    for r in rows:
        assert r["outcome"] == "ok", r
        cells.setdefault((r["version"], r["resumed"], r["delay"]), []).append(
            float(r["latency_ms"]))
    assert {k[1] for k in cells} == {"0", "1"}  # full and resumed handshakes
    for (version, resumed, delay), latencies in cells.items():
        rtt = 2 * tlsplots.time_ms(delay)
        expected = tlsplots.analytic_latency_ms(version, resumed == "1", rtt)
        median = tlsplots.percentile(latencies, 50)
        assert median == pytest.approx(expected, rel=0.05), (version, resumed, delay)
    # The examples of the analytic model: TCP 1 RTT + TLS 1.3 1 RTT, TLS 1.2 2 RTT.
    assert tlsplots.percentile(cells[("1.3", "0", "10ms")], 50) == pytest.approx(40, rel=0.05)
    assert tlsplots.percentile(cells[("1.2", "0", "10ms")], 50) == pytest.approx(60, rel=0.05)


def test_figures_and_summary_of_a_sweep(tiny):
    _, out, first = tiny
    # The ladder follows the swept versions: one per version.
    for name in ("latency_cdf", "latency_full_vs_resumed", "ladder_tls12", "ladder_tls13"):
        for ext in ("png", "pdf"):
            assert (out / f"{name}.{ext}").stat().st_size > 0
    assert not (out / "ladder.png").exists()
    manifest = json.loads((out / "sweep.json").read_text())
    assert [p["options"]["version"] for p in manifest["ladders"]] == ["1.2", "1.3"]
    assert "median handshake latency at loss 0" in first.stdout
    assert "6 points, 0 already done, running 6 on 2 cores" in first.stderr  # + 2 ladders


def test_second_run_runs_nothing(tiny):
    build, out, _ = tiny
    records = sorted(out.glob("points/*/records.csv"))
    before = [p.stat().st_mtime_ns for p in records]
    again = run_sweep(build, out, *TINY)
    assert "6 already done, running 0" in again.stderr
    assert [p.stat().st_mtime_ns for p in records] == before


def merge_copy(out, name, manifest=None):
    """A directory for --merge over the points of the sweep in out: its
    sweep.json (or the given manifest) and a link to its points."""
    merged = out / name
    merged.mkdir()
    text = (out / "sweep.json").read_text() if manifest is None else json.dumps(manifest)
    (merged / "sweep.json").write_text(text)
    (merged / "points").symlink_to(out / "points")
    return merged


def test_rows_point_columns(tiny):
    _, out, _ = tiny
    # --merge on a copy of the manifest: it must not run anything.
    merged = merge_copy(out, "merged")
    result = subprocess.run([sys.executable, SWEEP, "--out", str(merged), "--merge",
                             "--rows", "point", "--no-figures"],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    assert "running" not in result.stderr
    header, rows = read_rows(merged / "results.csv")
    for column in ("point", "version", "delay", "seed", "run", "attempts", "ok",
                   "latency_mean_ms", "latency_p50_ms", "latency_p90_ms", "latency_p95_ms",
                   "latency_p99_ms", "latency_max_ms", "resumption_rate", "timeouts"):
        assert column in header
    assert len(rows) == 4
    assert all(int(r["attempts"]) == 6 and int(r["ok"]) == 6 for r in rows)
    assert all(float(r["resumption_rate"]) > 0 for r in rows)


def test_summary_quantiles_agree_with_records(tiny):
    """summary.json's streaming quantiles and the exact ones of the records
    (tlsstats, the nearest rank) agree within the stated bound; the point
    rows of results.csv are the exact ones."""
    import tlsstats
    _, out, _ = tiny
    manifest = json.loads((out / "sweep.json").read_text())
    for point in manifest["points"]:
        directory = out / "points" / point["id"]
        summary = json.loads((directory / "summary.json").read_text())
        lat = tlsstats.latencies(tlsstats.read_csv(directory / "records.csv"))
        bound = summary.get("latency_quantiles", {}).get("max_rel_error",
                                                         tlsstats.STREAMING_REL_ERROR)
        assert bound >= tlsstats.STREAMING_REL_ERROR - 1e-4
        for q in (50, 90, 95, 99):
            exact = tlsstats.percentile(lat, q)
            # + 1e-5: summary.json prints 6 significant digits
            assert summary["latency_ms"][f"p{q}"] == pytest.approx(exact, rel=bound + 1e-5)
    rows, _, point_rows, _ = sweep.collect(str(out), manifest["points"], [], {})
    for p, row in zip(manifest["points"], point_rows):
        lat = tlsstats.latencies([r for r in rows if r["point"] == p["id"]])
        assert row["latency_p50_ms"] == round(tlsstats.percentile(lat, 50), 6)
        assert row["latency_n"] == len(lat)


def test_alert_columns_of_point_rows(tmp_path):
    records = [{"outcome": "alert", "alert": "unknown_ca", "latency_ms": ""},
               {"outcome": "ok", "alert": "", "latency_ms": "40.0"}]
    point = {"id": "p1", "kind": "grid", "options": {"scenario": "x", "seed": "1", "run": "1"}}
    directory = tmp_path / "points" / "p1"
    directory.mkdir(parents=True)
    with open(directory / "records.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(records[0]))
        writer.writeheader()
        writer.writerows(records)
    (directory / "summary.json").write_text(json.dumps({"resumption_rate": 0.0}))
    _, _, point_rows, columns = sweep.collect(str(tmp_path), [point], [], {})
    assert "alert_unknown_ca" in columns
    assert point_rows[0]["alert_unknown_ca"] == 1
    assert point_rows[0]["attempts"] == 2 and point_rows[0]["ok"] == 1


def test_slurm_job_array(tmp_path):
    out = tmp_path / "cluster"
    build = tmp_path / "build"  # the program may exist only on the cluster
    result = subprocess.run([sys.executable, SWEEP, "--out", str(out), "--build", str(build),
                             "--set", "version=1.2,1.3", "--set", "loss=0,0.01,0.02",
                             "--reps", "2", "--slurm", "--throttle", "3"],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    lines = (out / "slurm" / "points.txt").read_text().splitlines()
    assert len(lines) == 2 * 3 * 2 + 2  # the grid, two repetitions, a ladder per version
    text = "".join(lines)
    assert "--run=2" in text and "--messages=messages.csv" in text
    assert str(tmp_path) not in text  # paths relative to the sweep directory
    assert all(line.startswith("points/") for line in lines)
    sbatch = (out / "slurm" / "sweep.sbatch").read_text()
    assert f"#SBATCH --array=0-{len(lines) - 1}%3\n" in sbatch  # one point per task
    assert "#SBATCH --output=slurm/logs/%A_%a.out" in sbatch
    assert "#SBATCH --chdir" not in sbatch
    assert "no point could run here" in result.stderr  # no program: --time by default
    assert "#SBATCH --time=01:00:00" in sbatch
    assert f"--out {out} --merge" in result.stdout
    assert "sbatch slurm/sweep.sbatch" in result.stdout
    assert not (out / "results.csv").exists()


def test_slurm_chunks_stay_within_max_array_size(tmp_path):
    points = [sweep.make_point("grid", {"delay": f"{i}ms", "seed": "1", "run": "1"})
              for i in range(2500)]
    n, tasks, chunk = sweep.write_slurm(str(tmp_path), "/opt/tls-experiment", points,
                                        throttle=50, task_time="00:10:00",
                                        workdir="/scratch/sweep", max_array_size=1001)
    assert (n, tasks, chunk) == (2500, 834, 3)  # 834 tasks of 3 points, indices 0-833
    sbatch = (tmp_path / "slurm" / "sweep.sbatch").read_text()
    assert "#SBATCH --array=0-833%50\n" in sbatch
    assert "#SBATCH --chdir=/scratch/sweep\n" in sbatch
    assert "#SBATCH --time=00:10:00\n" in sbatch
    with pytest.raises(SystemExit, match="MaxArraySize is 1001"):
        sweep.write_slurm(str(tmp_path), "/opt/tls-experiment", points, chunk=2,
                          max_array_size=1001)


def test_slurm_time_estimate():
    assert sweep.slurm_time(3725) == "01:02:05"
    assert sweep.slurm_time(90000) == "1-01:00:00"
    assert sweep.estimate_task_time(2.0, 10) == "00:05:00"  # at least 5 minutes
    assert sweep.estimate_task_time(100.0, 4) == "00:21:00"  # 3 x 400 s + 60 s


@pytest.mark.parametrize("args, message", [
    (["--slurm", "--chunk", "0"], "--chunk must be at least 1"),
    (["--slurm", "--time", "1h"], "--time '1h'"),
    (["--chunk", "3"], "--chunk applies only with --slurm"),
])
def test_slurm_bad_options(tmp_path, args, message):
    result = subprocess.run([sys.executable, SWEEP, "--out", str(tmp_path / "o"),
                             "--set", "version=1.3", *args],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and message in result.stderr


@pytest.mark.parametrize("args, message", [
    # The ladder request would vanish (sweep.json "ladders": []).
    (["--no-ladder", "--ladder", "version=1.2"],
     "--ladder version=1.2 has no effect with --no-ladder"),
    (["--no-ladder", "--ladder-scale", "time"],
     "--ladder-scale time has no effect with --no-ladder"),
    (["--no-figures", "--ladder-scale", "time"],
     "--ladder-scale time has no effect with --no-figures"),
    # --merge merges the points of sweep.json: options that make or run points
    # would change nothing.
    (["--merge", "--set", "handshakes=50", "--reps", "5", "--seed", "9", "--no-figures"],
     "--set handshakes=50 has no effect with --merge"),
    (["--merge", "--reps", "5"], "--reps 5 has no effect with --merge"),
    (["--merge", "--seed", "9"], "--seed 9 has no effect with --merge"),
    (["--merge", "--grid", "big.json"], "--grid big.json has no effect with --merge"),
    (["--merge", "--ladder", "version=1.2"], "--ladder version=1.2 has no effect with --merge"),
    (["--merge", "--no-ladder"], "--no-ladder has no effect with --merge"),
    (["--merge", "--jobs", "4"], "--jobs 4 has no effect with --merge"),
    (["--merge", "--build", "/opt/build"], "--build /opt/build has no effect with --merge"),
    # Options of the other mode.
    (["--slurm", "--jobs", "4"], "--jobs 4 has no effect with --slurm"),
    (["--throttle", "3"], "--throttle applies only with --slurm"),
    # A repeated option would replace the first.
    (["--set", "delay=10ms", "--set", "delay=50ms"],
     "--set delay=50ms repeats --set delay=10ms, which it would replace: give one --set "
     "with the values separated by commas, --set delay=10ms,50ms"),
    (["--set", "loss=0,0.01", "--set", "loss=0.02"], "--set loss=0,0.01,0.02"),
    (["--ladder", "version=1.2", "--ladder", "version=1.3"],
     "--ladder version=1.3 repeats --ladder version=1.2"),
])
def test_ignored_options_are_refused(tmp_path, args, message):
    """An option that would have no effect is refused in one line naming it,
    before anything is written or run."""
    out = tmp_path / "o"
    result = subprocess.run([sys.executable, SWEEP, "--out", str(out), *args],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    assert result.stdout == ""
    assert not out.exists()


def test_merge_takes_its_options_and_the_build_directory_of_the_environment(tiny):
    """--merge as documented: --rows, --ladder-scale and --no-figures, with
    $TLS_BUILD_DIR set (as under ctest); it runs nothing and draws the
    ladders of sweep.json to the scale asked for."""
    build, out, _ = tiny
    merged = merge_copy(out, "merged-ladders")
    result = subprocess.run([sys.executable, SWEEP, "--out", str(merged), "--merge",
                             "--rows", "handshake", "--ladder-scale", "time"],
                            capture_output=True, text=True, timeout=300, check=False,
                            env=dict(os.environ, TLS_BUILD_DIR=build))
    assert result.returncode == 0, result.stderr
    assert "running" not in result.stderr
    _, rows = read_rows(merged / "results.csv")
    assert len(rows) == 4 * 6  # 4 points of 6 handshakes
    for name in ("ladder_tls12", "ladder_tls13"):
        assert (merged / f"{name}.pdf").stat().st_size > 1000


def test_merge_refuses_a_ladder_scale_without_ladders(tiny):
    """--merge --ladder-scale on a sweep whose sweep.json has no ladder points
    would draw nothing to that scale: refused in one line, nothing written."""
    build, out, _ = tiny
    manifest = json.loads((out / "sweep.json").read_text())
    manifest["ladders"] = []
    merged = merge_copy(out, "merged-no-ladders", manifest)
    result = subprocess.run([sys.executable, SWEEP, "--out", str(merged), "--merge",
                             "--ladder-scale", "time"],
                            capture_output=True, text=True, timeout=120, check=False,
                            env=dict(os.environ, TLS_BUILD_DIR=build))
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "--ladder-scale time has no effect" in lines[0], lines
    assert not (merged / "results.csv").exists()


def test_slurm_merge_command_keeps_the_figure_options(tmp_path):
    """The merge command --slurm prints carries --rows, --ladder-scale and
    --no-figures, which matter only when merging."""
    out = tmp_path / "cluster"
    result = subprocess.run([sys.executable, SWEEP, "--out", str(out), "--build",
                             str(tmp_path / "build"), "--set", "version=1.3",
                             "--slurm", "--time", "10", "--rows", "point",
                             "--ladder-scale", "time"],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert f"--out {out} --merge --rows point --ladder-scale time\n" in result.stdout
    assert "#SBATCH --array=0-1%64\n" in (out / "slurm" / "sweep.sbatch").read_text()


@pytest.mark.parametrize("signame", ["SIGINT", "SIGTERM"])
def test_interrupt_stops_every_point_and_resume_finishes_the_rest(build_dir, tmp_path,
                                                                  signame):
    """SIGINT or SIGTERM to a running sweep: the running points stop at once (no
    tls-experiment left), their partial output goes, the exit status is not
    0 and the message says how to resume; the rerun runs exactly the
    missing points."""
    import signal
    import time
    out = tmp_path / "int"
    # Points of a few seconds each; 8 of them on 2 cores.
    args = ["--set", "version=1.3", "--set", "delay=5ms", "--set", "clients=4",
            "--set", "handshakes=1000", "--set", "loss=0,0.01,0.02,0.03",
            "--reps", "2", "--no-ladder", "--jobs", "2", "--no-figures"]
    proc = subprocess.Popen([sys.executable, SWEEP, "--out", str(out), "--build", build_dir,
                             *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    # Wait until two points run (their stdout.txt exists, no done marker).
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        running = [d for d in out.glob("points/*") if (d / "stdout.txt").exists()
                   and not (d / "done").exists()]
        if len(running) == 2:
            break
        time.sleep(0.05)
    assert len(running) == 2
    children = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True,
                              text=True).stdout.split()
    assert children  # the running tls-experiment processes
    signum = getattr(signal, signame)
    proc.send_signal(signum)
    stdout, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signum, stderr
    for pid in children:  # every point stopped with the sweep
        assert not os.path.exists(f"/proc/{pid}") or \
            open(f"/proc/{pid}/stat").read().split()[2] == "Z"
    assert f"stopped by {signame}" in stderr and "resume with the same command" in stderr
    assert "--out" in stderr.split("resume with the same command")[1]
    done = sorted(d.name for d in out.glob("points/*") if (d / "done").exists())
    # No partial output: every point directory left is a finished one.
    assert sorted(d.name for d in out.glob("points/*")) == done
    assert len(done) < 8
    before = {d: (out / "points" / d / "records.csv").stat().st_mtime_ns for d in done}
    again = run_sweep(build_dir, out, *args)
    assert f"8 points, {len(done)} already done, running {8 - len(done)}" in again.stderr
    assert {d: (out / "points" / d / "records.csv").stat().st_mtime_ns
            for d in done} == before
    assert len(list(out.glob("points/*/done"))) == 8
    _, rows = read_rows(out / "results.csv")
    assert len(rows) == 8 * 1000


# ------------------------------------------------------------------ the grid

def test_grid_expansion_and_stable_ids(tmp_path):
    spec = sweep.load_spec(sweep.DEFAULT_GRID)
    combos = sweep.expand(spec["grid"])
    assert len(combos) == 2 * 2 * 3 * 3
    assert sweep.point_id("grid", combos[0]) == sweep.point_id("grid", dict(combos[0]))
    assert len({sweep.point_id("grid", c) for c in combos}) == len(combos)
    toml = tmp_path / "grid.toml"
    toml.write_text('reps = 2\n[[grid]]\nversion = ["1.2", "1.3"]\nmutualAuth = true\n'
                    '[[grid]]\nversion = "1.3"\nmutualAuth = true\n')
    spec = sweep.load_spec(str(toml))
    assert spec["reps"] == 2
    assert sweep.expand(spec["grid"]) == [{"version": "1.2", "mutualAuth": "1"},
                                          {"version": "1.3", "mutualAuth": "1"}]
    assert sweep.parse_assignment("delay=10ms, 50ms") == ("delay", ["10ms", "50ms"])


def test_swept_and_fixed():
    points = [sweep.make_point("grid", {"version": v, "loss": "0", "seed": "1", "run": r})
              for v in ("1.2", "1.3") for r in ("1", "2")]
    assert sweep.swept_and_fixed(points) == (["version"], {"loss": "0"})


def test_time_strings():
    assert tlsplots.time_ms("20ms") == 20
    assert tlsplots.time_ms("+10.0ms") == 10
    assert tlsplots.time_ms("0.5s") == 500
    assert tlsplots.time_ms("2") == 2000
    assert tlsplots.time_ms("100Mbps") is None
    assert tlsplots.analytic_latency_ms("1.2", False, 20) == 60
    assert tlsplots.analytic_latency_ms("TLSv1.2", True, 20) == 40
    assert tlsplots.analytic_latency_ms("1.3", False, 20) == 40


# ------------------------------------------------------------------ figures

def synthetic_rows():
    """Handshake rows covering every figure: versions, resumption, delays,
    loss rates, chain depths, cache sizes and alerts."""
    rows = []
    for version in ("1.2", "1.3"):
        for delay in ("10ms", "50ms"):
            rtt = 2 * tlsplots.time_ms(delay)
            for loss in ("0", "0.02"):
                for depth in (1, 4, 9):
                    for i in range(12):
                        resumed = i % 3 != 0
                        latency = tlsplots.analytic_latency_ms(version, resumed, rtt)
                        flight = 300 if resumed else 1000 + 1500 * depth
                        latency += rtt * (flight > 10 * 1448)  # IW10 of 1448-byte segments
                        latency += 1000 * (loss != "0" and i == 5)
                        alert = "unknown_ca" if i == 7 and depth == 9 else ""
                        rows.append({
                            "version": version, "delay": delay, "loss": loss,
                            "chain_depth": str(depth), "resumed": str(int(resumed)),
                            "sessionCache": str(10 ** (i % 3)),
                            "latency_ms": "" if alert else f"{latency:.3f}",
                            "bytes_s2c": str(flight), "alert": alert,
                            "alert_sender": "client" if alert else "",
                            "scenario": "unknown-ca" if depth == 9 else "none",
                            "outcome": "alert" if alert else "ok",
                            "segmentSize": "1448", "initialCwnd": "10"})
    return rows


@pytest.mark.parametrize("name, kwargs", [
    ("latency_cdf", {"by": ["version", "resumed"], "facet_col": "delay",
                     "facet_row": "loss"}),
    ("latency_vs_loss", {"by": ["version", "resumed"], "facet": "delay"}),
    ("latency_vs_chain", {"by": ["version"], "facet": "delay"}),
    ("resumption_vs_cache", {"by": ["version"]}),
    ("latency_full_vs_resumed", {"by": ["version"], "facet_col": "delay",
                                 "facet_row": "loss"}),
    ("alerts", {"by": ["scenario", "version"]}),
])
def test_plot_writes_png_and_pdf(tmp_path, name, kwargs):
    paths = getattr(tlsplots, name)(synthetic_rows(), str(tmp_path / name), **kwargs)
    assert paths == [str(tmp_path / f"{name}.png"), str(tmp_path / f"{name}.pdf")]
    for path in paths:
        assert os.path.getsize(path) > 1000


def test_resumption_vs_cache_from_point_rows(tmp_path):
    rows = [{"sessionCache": str(n), "resumption_rate": str(min(1.0, n / 100))}
            for n in (1, 10, 100, 1000)]
    paths = tlsplots.resumption_vs_cache(rows, str(tmp_path / "cache"))
    assert all(os.path.getsize(p) > 1000 for p in paths)


@pytest.mark.parametrize("name", ["latency_vs_loss", "latency_vs_chain",
                                  "resumption_vs_cache", "latency_full_vs_resumed",
                                  "alerts", "latency_cdf"])
def test_plot_skips_without_its_data(tmp_path, capsys, name):
    rows = [{"version": "1.3", "latency_ms": "", "outcome": "timeout"}]
    assert getattr(tlsplots, name)(rows, str(tmp_path / name)) is None
    assert "tlsplots: no" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def write_messages(path, version):
    """A small message trace of one handshake, as tls-experiment --messages."""
    if version == "1.2":
        flights = [(0.020, "C->S", "1", ["ClientHello:207"]),
                   (0.030, "S->C", "1", ["ServerHello:65"]),
                   (0.030, "S->C", "2", ["Certificate:883", "CertificateRequest:40",
                                         "ServerHelloDone:4"]),
                   (0.040, "C->S", "3", ["Certificate:700", "ClientKeyExchange:37",
                                         "CertificateVerify:72"]),
                   (0.040, "C->S", "4", ["ChangeCipherSpec:1", "Finished:16"]),
                   (0.050, "S->C", "4", ["ChangeCipherSpec:1", "Finished:16"])]
    else:
        flights = [(0.020, "C->S", "", ["ClientHello:250"]),
                   (0.030, "S->C", "", ["ServerHello:90", "Certificate:883", "Finished:36"]),
                   (0.040, "C->S", "", ["Alert:bad_certificate:2"])]
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["conn_id", "time_s", "direction", "phase", "message", "length"])
        for t, direction, phase, messages in flights:
            for message in messages:
                name, length = message.rsplit(":", 1)
                writer.writerow([7, t, direction, phase, name, length])
        writer.writerow([8, 0.5, "C->S", "", "ClientHello", 207])  # another handshake


@pytest.mark.parametrize("version, delay", [("1.2", "10ms"), ("1.3", None)])
def test_ladder(tmp_path, version, delay):
    trace = tmp_path / "messages.csv"
    write_messages(trace, version)
    paths = tlsplots.ladder(tlsplots.read_csv(trace), str(tmp_path / "ladder"), delay)
    assert all(os.path.getsize(p) > 1000 for p in paths)


def test_ladder_command_line(tmp_path):
    trace = tmp_path / "messages.csv"
    write_messages(trace, "1.2")
    result = subprocess.run([sys.executable, os.path.join(sweep.SCRIPTS, "tlsplots.py"),
                             "ladder", str(trace), str(tmp_path / "lad"), "--delay", "10ms"],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "lad.pdf").stat().st_size > 1000


def run_refused(args, cwd, env=None):
    """Run sweep.py with args (in cwd); assert that it refuses them as the
    project asks: exit status 1, one line on stderr, no traceback. Returns
    that line."""
    result = subprocess.run([sys.executable, SWEEP, *args], cwd=cwd, capture_output=True,
                            text=True, timeout=120, check=False,
                            env=dict(os.environ, **(env or {})))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    return result.stderr


#: Grid files that are refused: (file name, content (bytes or text, None for
#: no file), the words the refusal names). Each refusal names --grid FILE.
BAD_GRIDS = [
    ("missing.json", None, "cannot read it"),
    ("empty.json", "", "not a JSON grid file"),
    ("garbage.json", "not json {", "not a JSON grid file"),
    ("binary.json", bytes(range(128, 256)), "not a JSON grid file"),
    ("bad.toml", "grid = [", "not a TOML grid file"),
    ("deep.json", "[" * 100000 + "]" * 100000, "nested too deeply"),
    ("list.json", "[]", "expected an object with the keys grid"),
    ("string.json", '{"grid": "version"}', "grid is string"),
    ("null.json", '{"grid": null}', "grid is null"),
    ("mixed.json", '{"grid": [1, "a"]}', "grid[0] is number"),
    ("three.toml", "grid = 3", "grid is number"),
    ("nullvalue.json", '{"grid": {"version": null}}', "grid version: null is not"),
    ("nested.json", '{"grid": {"version": [["1.3"]]}}', "grid version: list is not"),
    ("object.json", '{"grid": {"version": {"a": 1}}}', "grid version: object is not"),
    ("emptylist.json", '{"grid": {"version": []}}', "grid version: an empty list"),
    ("emptygrids.json", '{"grid": []}', "grid is an empty list"),
    ("emptystring.json", '{"grid": {"version": ""}}', "grid version: an empty string"),
    ("badname.json", '{"grid": {"a b": 1}}', "is not an option name"),
    ("nan.json", '{"grid": {"version": "1.3"}, "seed": NaN}', "seed NaN"),
    ("seedzero.json", '{"seed": 0}', "seed 0"),
    ("seedbig.json", '{"seed": 4294967296}', "seed 4294967296"),
    ("repshalf.json", '{"reps": 1.5}', "reps 1.5"),
    ("repsneg.json", '{"reps": -1}', "reps -1"),
    ("repshuge.json", '{"reps": 1e300}', "reps 1e+300"),
    ("repsstring.json", '{"reps": "3"}', 'reps "3"'),
    ("repsbool.json", '{"reps": true}', "reps true"),
    ("ladder.json", '{"ladder": "x"}', "ladder is string"),
    ("ladderlist.json", '{"ladder": {"version": ["1.2", "1.3"]}}', "ladder version: list"),
    ("ladderseed.json", '{"ladder": {"seed": 3}}', "ladder may not set ['seed']"),
    ("description.json", '{"description": 3}', "description is number"),
    ("unknown.json", '{"grids": {}}', "unknown keys ['grids']"),
]


@pytest.mark.parametrize("name, content, words", BAD_GRIDS,
                         ids=[g[0] for g in BAD_GRIDS])
def test_bad_grid_files_are_refused(tmp_path, name, content, words):
    """A grid file that cannot be read, is not JSON/TOML, or whose keys have
    other types than documented is refused in one line naming --grid FILE,
    before anything is written (no build needed: the grid is read first)."""
    if content is not None:
        data = content if isinstance(content, bytes) else content.encode()
        (tmp_path / name).write_bytes(data)
    line = run_refused(["--out", "o", "--grid", name, "--build", str(tmp_path / "nobuild")],
                       tmp_path)
    assert line.startswith(f"sweep: --grid {name}: ") and words in line, line
    assert not (tmp_path / "o").exists()


def test_grid_directory_is_refused(tmp_path):
    line = run_refused(["--out", "o", "--grid", str(tmp_path)], tmp_path)
    assert f"--grid {tmp_path}: cannot read it (Is a directory)" in line


def test_grid_checks_keep_the_valid_types(tmp_path):
    """Every value type the doc allows still expands: strings, whole and
    decimal numbers, booleans (as 1/0) and lists of them."""
    spec_path = tmp_path / "g.toml"
    spec_path.write_text('reps = 2\nseed = 4294967295\n[[grid]]\nversion = ["1.2", "1.3"]\n'
                         'loss = [0, 0.01]\nresume = true\n[ladder]\nmutualAuth = false\n')
    spec = sweep.load_spec(str(spec_path))
    assert spec["reps"] == 2 and spec["seed"] == 4294967295
    combos = sweep.expand(spec["grid"])
    assert len(combos) == 2 * 2
    assert {c["loss"] for c in combos} == {"0", "0.01"} and combos[0]["resume"] == "1"


#: Sweeps too large to expand: 100000 points at most (sweep.MAX_POINTS).
TOO_LARGE = [
    (["--set", "version=1.3", "--reps", "100000000"], "--reps must be from 1 to 100000"),
    (["--set", "version=1.3", "--reps", "100001"], "--reps must be from 1 to 100000"),
    (["--grid", "big.json"], "--grid big.json gives up to 1000000 combinations x 1"),
    (["--set", "handshakes=" + ",".join(str(i) for i in range(1, 1002)),
      "--set", "delay=" + ",".join(f"{i}ms" for i in range(1, 101))],
     "--set gives up to 100100 combinations x 1"),
    (["--set", "handshakes=" + ",".join(str(i) for i in range(1, 1001)), "--reps", "101"],
     "--set gives up to 1000 combinations x 101 repetition(s)"),
    (["--set", "handshakes=2,"], "--set: 'handshakes=2,' has an empty value"),
    (["--set", "handshakes=,2"], "--set: 'handshakes=,2' has an empty value"),
    (["--ladder", "version="], "--ladder: expected NAME=VALUE"),
    (["--set", "version=1.3", "--seed", "0"], "--seed must be a whole number from 1 to "
     "4294967295"),
    (["--set", "version=1.3", "--seed", "4294967296"], "got 4294967296"),
]


@pytest.mark.parametrize("args, words", TOO_LARGE)
def test_sizes_and_values_out_of_range_are_refused(tmp_path, args, words):
    """A sweep of more than 100000 points is refused before it is expanded
    (it would hang or write gigabytes); so are empty --set values and seeds
    tls-experiment would refuse. Each quickly, in one line, nothing written."""
    (tmp_path / "big.json").write_text(json.dumps(
        {"grid": {"handshakes": list(range(1, 1001)), "delay": list(range(1, 1001))}}))
    line = run_refused(["--out", "o", "--slurm", *args], tmp_path)
    assert words in line, line
    assert not (tmp_path / "o").exists()


def test_largest_sweep_is_accepted(tmp_path):
    """Exactly MAX_POINTS points expand (the limit is not off by one)."""
    args = sweep.parse_args(["--out", str(tmp_path / "o"), "--no-ladder", "--reps", "10",
                             "--set", "handshakes=" + ",".join(str(i) for i in range(1, 10001))])
    points, ladders = sweep.build_points(args)
    assert len(points) == 100000 and ladders == []


#: (sweep.json content, None for none, words of the refusal).
BAD_MANIFESTS = [
    (None, "not found: nothing to merge"),
    ("", "not JSON"),
    ("\x00\xff", "not JSON"),
    ("[]", 'no "points"'),
    ("{}", 'no "points"'),
    ('{"points": 3}', '"points" is number'),
    ('{"points": [3]}', "points[0] is number"),
    ('{"points": [{"options": {"seed": "1", "run": "1"}}]}', 'points[0] has no "id"'),
    ('{"points": [{"id": "../../etc", "options": {"seed": "1", "run": "1"}}]}',
     'points[0] has no "id"'),
    ('{"points": [{"id": "abc"}]}', 'points[0] has no "options"'),
    ('{"points": [{"id": "abc", "options": {"seed": 1, "run": "1"}}]}',
     'points[0] has no "options"'),
    ('{"points": [{"id": "abc", "options": {"run": "1"}}]}', "points[0] options lack seed"),
    ('{"points": [], "ladders": null}', '"ladders" is null'),
    ('{"points": [], "ladders": [{"id": "abc"}]}', 'ladders[0] has no "options"'),
    ('{"points": [], "defaults": []}', '"defaults" is not an object'),
]


@pytest.mark.parametrize("content, words", BAD_MANIFESTS)
def test_bad_manifests_are_refused_by_merge(tmp_path, content, words):
    """--merge refuses a sweep.json that is not the manifest sweep.py writes,
    in one line naming --merge and the file, and writes nothing."""
    out = tmp_path / "o"
    out.mkdir()
    if content is not None:
        (out / "sweep.json").write_text(content, encoding="latin-1")
    line = run_refused(["--out", "o", "--merge"], tmp_path)
    assert line.startswith(f"sweep: --merge: {os.path.join('o', 'sweep.json')}")
    assert words in line, line
    assert sorted(os.listdir(out)) == (["sweep.json"] if content is not None else [])


@pytest.mark.parametrize("args", [["--set", "version=1.3", "--slurm"], ["--merge"]])
def test_out_an_existing_file_is_refused(tmp_path, args):
    (tmp_path / "o").write_text("x")
    line = run_refused(["--out", "o", *args], tmp_path)
    assert "--out o is an existing file" in line
    assert (tmp_path / "o").read_text() == "x"


# ------------------------------------------------------- attribute paths

def test_a_sweep_over_tcp_profiles_names_each_points_profile(build_dir, tmp_path):
    """--set takes any attribute path: a two-profile sweep runs, and each point's
    summary.json names the profile it ran with (the node's TCP, tcp.Profile)."""
    out = tmp_path / "profiles"
    run_sweep(build_dir, out, "--set", "ns3::ProfiledTcpSocket::Profile=Ns3,Linux",
              "--set", "handshakes=40", "--set", "loss=0.05", "--no-ladder", "--no-figures")
    manifest = json.loads((out / "sweep.json").read_text())
    profiles = []
    for point in manifest["points"]:
        summary = json.loads((out / "points" / point["id"] / "summary.json").read_text())
        assert summary["tcp"]["Profile"] == point["options"]["ns3::ProfiledTcpSocket::Profile"]
        profiles.append(summary["tcp"]["Profile"])
    assert sorted(profiles) == ["Linux", "Ns3"]
    header, rows = read_rows(out / "results.csv")
    assert "ns3::ProfiledTcpSocket::Profile" in header
    assert len(rows) == 80


@pytest.mark.parametrize("assignment,words", [
    ("ns3::ProfiledTcpSocket::Profile=ns4", "'ns4' (expected Ns3 or Linux)"),
    ("ns3::TlsTcpSocket::Profile=Ns3", "use ns3::ProfiledTcpSocket::Profile"),
    ("ns3::NoSuchType::Size=1", "ns3::NoSuchType"),
    ("ns3::TcpSocket::NoSuchAttribute=1", "ns3::TcpSocket has no attribute NoSuchAttribute"),
    ("ns3::TcpSocket::InitialCwnd=4,many", "InitialCwnd=many"),
])
def test_attribute_paths_are_checked_before_the_sweep(build_dir, tmp_path, assignment, words):
    """Every value of an attribute path is checked by tls-experiment --validate
    before anything is written or run: one line naming it, exit status 1."""
    out = tmp_path / "o"
    result = subprocess.run([sys.executable, SWEEP, "--out", str(out), "--build", build_dir,
                             "--set", assignment, "--no-ladder"],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and words in result.stderr, result.stderr
    assert not out.exists()


# ------------------------------------------------------------------ nothing lost

#: A stand-in for tls-experiment (a shell script): it writes records.csv and
#: summary.json (and messages.csv when asked) in the point's directory as
#: $FAKE_TLS_MODE says, and exits 0 as the real program did on a full disk.
#: good: 2 whole rows, 2 attempts; cut: the last row cut inside a field;
#: short: a row with too few fields; lost: 1 row for 2 attempts; nosummary: a
#: 0-byte summary.json; empty: a 0-byte records.csv; block: good, once the
#: file $FAKE_TLS_RELEASE exists.
FAKE_TLS_EXPERIMENT = r"""#!/bin/sh
for a in "$@"; do
    case $a in --PrintHelp) exit 0 ;; --messages=*) messages=${a#--messages=} ;; esac
done
mode=${FAKE_TLS_MODE:-good}
if [ "$mode" = block ]; then
    while [ ! -e "$FAKE_TLS_RELEASE" ]; do sleep 0.05; done
    mode=good
fi
header='id,latency_ms,outcome'
case $mode in
    good) printf '%s\n0,40.1,ok\n1,40.2,ok\n' "$header" > records.csv ;;
    cut) printf '%s\n0,40.1,ok\n1,40' "$header" > records.csv ;;
    short) printf '%s\n0,40.1,ok\n1,40.2\n' "$header" > records.csv ;;
    lost|nosummary) printf '%s\n0,40.1,ok\n' "$header" > records.csv ;;
    empty) : > records.csv ;;
esac
if [ "$mode" = nosummary ]; then : > summary.json; else
    printf '{"attempts": 2, "resumption_rate": 0.0}\n' > summary.json; fi
if [ -n "${messages:-}" ]; then
    printf 'conn_id,time_s,direction,phase,message,length\n7,0.02,C->S,,ClientHello,250\n' \
        > "$messages"
fi
exit 0
"""

#: What the check says of each bad mode of the fake program.
BAD_OUTPUT = [
    ("cut", "records.csv does not end with a newline"),
    ("short", "records.csv row 3 has 2 fields, the header 3"),
    ("lost", "records.csv has 1 row, summary.json 2 attempts"),
    ("nosummary", "summary.json is not JSON"),
    ("empty", "records.csv is empty"),
]


def fake_build(tmp_path):
    """A build directory whose examples/tls-experiment is FAKE_TLS_EXPERIMENT."""
    build = tmp_path / "fake-build"
    (build / "examples").mkdir(parents=True)
    program = build / "examples" / "tls-experiment"
    program.write_text(FAKE_TLS_EXPERIMENT)
    program.chmod(0o755)
    return str(build)


def sweep_process(args, mode="good", **env):
    """Run sweep.py with the fake program in the given mode; its CompletedProcess."""
    return subprocess.run([sys.executable, SWEEP, *args], capture_output=True, text=True,
                          timeout=300, check=False,
                          env=dict(os.environ, FAKE_TLS_MODE=mode, **env))


#: A two-point sweep for the fake program (no ladder, no figures).
FAKE_GRID = ["--set", "delay=10ms,20ms", "--set", "handshakes=2", "--no-ladder",
             "--no-figures", "--jobs", "1"]


@pytest.mark.parametrize("mode, words", BAD_OUTPUT, ids=[b[0] for b in BAD_OUTPUT])
def test_a_point_whose_files_are_not_whole_is_not_done(tmp_path, mode, words):
    """A run that exits 0 with a cut records.csv, a half row, lost rows or no
    summary (a full disk) is not marked done: the sweep names the point and
    what is wrong and exits 1; a rerun runs it again."""
    out = tmp_path / "o"
    build = fake_build(tmp_path)
    result = sweep_process(["--out", str(out), "--build", build, *FAKE_GRID], mode)
    assert result.returncode == 1, result.stdout + result.stderr
    points = sorted(d.name for d in (out / "points").iterdir())
    assert len(points) == 2 and not list(out.glob("points/*/done"))
    for point in points:
        line = next(l for l in result.stderr.splitlines()
                    if f"point {os.path.join(str(out), 'points', point)} failed" in l)
        assert words in line, result.stderr
    again = sweep_process(["--out", str(out), "--build", build, *FAKE_GRID], "good")
    assert again.returncode == 0, again.stderr
    assert "2 points, 0 already done, running 2" in again.stderr
    assert len(list(out.glob("points/*/done"))) == 2


def slurm_task(out, index, **env):
    """Run array task index of OUT/slurm/sweep.sbatch with bash, as Slurm would
    (from the sweep directory, SLURM_ARRAY_TASK_ID set)."""
    return subprocess.run(["bash", "slurm/sweep.sbatch"], cwd=out, capture_output=True,
                          text=True, timeout=120, check=False,
                          env=dict(os.environ, SLURM_ARRAY_TASK_ID=str(index), **env))


@pytest.mark.parametrize("mode, words", BAD_OUTPUT, ids=[b[0] for b in BAD_OUTPUT])
def test_slurm_task_checks_a_point_before_it_is_done(tmp_path, mode, words):
    """The array task runs the same check (OUT/slurm/pointcheck.py) before it
    marks a point done: a point with a cut or half records file stays not
    done, the task names it and what is wrong and exits 1; a whole one is
    done, the ladder point with its messages.csv."""
    out = tmp_path / "o"
    build = fake_build(tmp_path)
    setup = sweep_process(["--out", str(out), "--build", build, "--set", "version=1.3",
                           "--set", "handshakes=2", "--slurm", "--time", "10"])
    assert setup.returncode == 0, setup.stderr
    assert (out / "slurm" / "pointcheck.py").exists()
    lines = (out / "slurm" / "points.txt").read_text().splitlines()
    assert len(lines) == 2  # the point and the ladder point, one per task
    point = lines[0].split()[0]
    task = slurm_task(out, 0, FAKE_TLS_MODE=mode)
    assert task.returncode == 1, task.stdout + task.stderr
    assert not (out / point / "done").exists()
    assert f"{point}: {words}" in task.stderr, task.stderr
    assert f"tls-sweep: point {point} failed" in task.stderr
    for index, line in enumerate(lines):
        task = slurm_task(out, index, FAKE_TLS_MODE="good")
        assert task.returncode == 0, task.stderr
        assert (out / line.split()[0] / "done").exists()


def fake_sweep(tmp_path):
    """A finished two-point sweep of the fake program: (OUT, its point dirs)."""
    out = tmp_path / "o"
    result = sweep_process(["--out", str(out), "--build", fake_build(tmp_path),
                            *FAKE_GRID])
    assert result.returncode == 0, result.stderr
    return out, sorted((out / "points").iterdir())


#: A finished point's files spoilt afterwards (e.g. by an older sweep.py that
#: marked a full-disk point done): (file, new content, words of the refusal).
SPOILT = [
    ("records.csv", "id,latency_ms,outcome\n0,40.1,ok\n1,40", "does not end with a newline"),
    ("records.csv", "id,latency_ms,outcome\n0,40.1,ok\n1,40.2\n",
     "records.csv row 3 has 2 fields, the header 3"),
    ("records.csv", "id,latency_ms,outcome\n0,40.1,ok\n1,40.2,ok,x\n",
     "records.csv row 3 has 4 fields, the header 3"),
    ("records.csv", "id,latency_ms,outcome\n0,40.1,ok\n",
     "records.csv has 1 row, summary.json 2 attempts"),
    ("summary.json", '{"attempts": 3}', "records.csv has 2 rows, summary.json 3 attempts"),
    ("summary.json", "", "summary.json is not JSON"),
    ("summary.json", '{"attempts": 2, "error": "stopped by SIGTERM"}',
     "summary.json reports an error: stopped by SIGTERM"),
]


@pytest.mark.parametrize("name, content, words", SPOILT)
def test_merge_refuses_a_point_whose_files_are_not_whole(tmp_path, name, content, words):
    """--merge refuses short and half rows, and a row count that disagrees
    with summary.json, in one line naming the point; nothing is written."""
    out, points = fake_sweep(tmp_path)
    (out / "results.csv").unlink()
    (points[1] / name).write_text(content)
    result = sweep_process(["--out", str(out), "--merge"])
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert f"point {os.path.join(str(out), 'points', points[1].name)}" in result.stderr
    assert words in result.stderr, result.stderr
    assert not (out / "results.csv").exists()


def test_merge_refuses_a_truncated_real_records_file(tiny, tmp_path):
    """The same with a real point of the tiny sweep whose records.csv lost the
    end of its last row (a copy: the tiny sweep stays as it is)."""
    _, out, _ = tiny
    manifest = json.loads((out / "sweep.json").read_text())
    point = manifest["points"][0]
    copy = tmp_path / "o"
    (copy / "points").mkdir(parents=True)
    import shutil
    shutil.copytree(out / "points" / point["id"], copy / "points" / point["id"])
    (copy / "sweep.json").write_text(json.dumps(dict(manifest, points=[point], ladders=[])))
    records = copy / "points" / point["id"] / "records.csv"
    records.write_bytes(records.read_bytes()[:-20])
    result = sweep_process(["--out", str(copy), "--merge", "--no-figures"])
    assert result.returncode == 1
    assert point["id"] in result.stderr and "records.csv" in result.stderr, result.stderr
    assert not (copy / "results.csv").exists()


def wait_for(condition, what, timeout=60):
    """Poll condition() until true; fail naming what after timeout seconds."""
    import time
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


@pytest.mark.parametrize("second", [
    ["--set", "delay=50ms", "--set", "handshakes=2", "--no-ladder", "--no-figures"],
    ["--merge", "--no-figures"],
    ["--set", "delay=50ms", "--no-ladder", "--slurm", "--time", "10"],
], ids=["run", "merge", "slurm"])
def test_a_second_sweep_on_the_same_out_is_refused(tmp_path, second):
    """Two sweeps with one --out would delete each other's points and
    overwrite sweep.json: while one runs, a second (run, --merge or --slurm)
    exits 1 with one line saying another sweep holds OUT, and changes
    nothing; the first finishes whole."""
    out = tmp_path / "o"
    build = fake_build(tmp_path)
    release = tmp_path / "release"
    first = subprocess.Popen([sys.executable, SWEEP, "--out", str(out), "--build", build,
                              *FAKE_GRID], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=dict(os.environ, FAKE_TLS_MODE="block",
                                                 FAKE_TLS_RELEASE=str(release)))
    try:
        wait_for(lambda: list(out.glob("points/*/stdout.txt")), "the first sweep's point")
        manifest = (out / "sweep.json").read_text()
        result = sweep_process(["--out", str(out), "--build", build, *second]
                               if "--merge" not in second else ["--out", str(out), *second])
        assert result.returncode == 1, result.stdout + result.stderr
        assert result.stderr.count("\n") == 1, result.stderr
        assert "another sweep" in result.stderr and str(out) in result.stderr, result.stderr
        assert (out / "sweep.json").read_text() == manifest
        assert not (out / "slurm").exists() and not (out / "results.csv").exists()
    finally:
        release.touch()
        stdout, stderr = first.communicate(timeout=120)
    assert first.returncode == 0, stdout + stderr
    assert len(list(out.glob("points/*/done"))) == 2
    # Once the first has ended, the same --out is free again.
    again = sweep_process(["--out", str(out), "--merge", "--no-figures"])
    assert again.returncode == 0, again.stderr


def test_slurm_array_tasks_take_no_lock(tmp_path):
    """The lock is for sweep.py processes only: array tasks run in parallel,
    also while a sweep.py holds OUT's lock."""
    import fcntl
    import time
    out = tmp_path / "o"
    build = fake_build(tmp_path)
    setup = sweep_process(["--out", str(out), "--build", build, *FAKE_GRID[:4], "--slurm",
                           "--time", "10"])
    assert setup.returncode == 0, setup.stderr
    locks = [p for p in out.iterdir() if "lock" in p.name]
    assert len(locks) == 1, sorted(p.name for p in out.iterdir())
    release = tmp_path / "release"
    with open(locks[0], "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a running sweep.py would
        env = dict(os.environ, SLURM_ARRAY_TASK_ID="0", FAKE_TLS_MODE="block",
                   FAKE_TLS_RELEASE=str(release))
        tasks = [subprocess.Popen(["bash", "slurm/sweep.sbatch"], cwd=out,
                                  env=dict(env, SLURM_ARRAY_TASK_ID=str(i)),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for i in (0, 1)]
        # Both tasks run their points at once (neither waits for the other).
        wait_for(lambda: len(list(out.glob("points/*/stdout.txt"))) == 2, "both tasks")
        time.sleep(0.2)
        release.touch()
        for task in tasks:
            stdout, stderr = task.communicate(timeout=120)
            assert task.returncode == 0, stdout + stderr
    assert len(list(out.glob("points/*/done"))) == 2


# ------------------------------------------------------------------ the ladder point

def ladders_of(tmp_path, *argv):
    """The ladder points of a command line (nothing run)."""
    _, ladders = sweep.build_points(sweep.parse_args(["--out", str(tmp_path / "o"), *argv]))
    return ladders


def test_default_sweep_keeps_its_mutual_authentication_ladder(tmp_path):
    """The default sweep's ladder (default_sweep.json "ladder": mutual
    authentication, 10 ms) is the same points as before, ids and all, so an
    existing output directory keeps its finished ladders."""
    ladders = ladders_of(tmp_path)
    assert [(p["id"], p["options"]) for p in ladders] == [
        ("9ac49e3ce9e9", {"mutualAuth": "1", "clients": "1", "servers": "1",
                          "handshakes": "1", "delay": "10ms", "seed": "1", "run": "1",
                          "version": "1.2"}),
        ("b83b4e776208", {"mutualAuth": "1", "clients": "1", "servers": "1",
                          "handshakes": "1", "delay": "10ms", "seed": "1", "run": "1",
                          "version": "1.3"})]


def test_ladder_of_a_set_sweep_is_the_sweeps_configuration(tmp_path):
    """--set sweeps: the ladder is one handshake of the sweep's own
    configuration (its first point per version: no mutual authentication
    unless the sweep has it, its key type, chain and delay), without the
    workload, loss, resumption and fault options a single handshake cannot
    use."""
    ladders = ladders_of(tmp_path, "--set", "version=1.2,1.3", "--set", "keyType=p384",
                         "--set", "chainDepth=2", "--set", "delay=25ms,50ms",
                         "--set", "loss=0,0.02", "--set", "clients=8",
                         "--set", "handshakes=500", "--set", "rate=100", "--set", "resume=0.5",
                         "--set", "scenario=unknown-ca", "--set", "faultFraction=0.25",
                         "--seed", "3")
    assert [p["options"] for p in ladders] == [
        {"version": version, "keyType": "p384", "chainDepth": "2", "delay": "25ms",
         "clients": "1", "servers": "1", "handshakes": "1", "seed": "3", "run": "1"}
        for version in ("1.2", "1.3")]
    (ladder,) = ladders_of(tmp_path, "--set", "version=1.3", "--set", "mutualAuth=1")
    assert ladder["options"]["mutualAuth"] == "1"
    (ladder,) = ladders_of(tmp_path, "--set", "version=1.3", "--ladder", "mutualAuth=1",
                           "--ladder", "delay=5ms")
    assert ladder["options"]["mutualAuth"] == "1" and ladder["options"]["delay"] == "5ms"


def test_ladder_of_a_grid_file_is_its_configuration(tmp_path):
    """A grid file without "ladder": its first point's configuration; with
    "ladder": those options on top."""
    grid = tmp_path / "g.json"
    grid.write_text(json.dumps({"grid": {"version": "1.3", "keyType": ["mldsa65", "p256"],
                                         "groups": "X25519MLKEM768", "handshakes": 100}}))
    (ladder,) = ladders_of(tmp_path, "--grid", str(grid))
    assert ladder["options"] == {"version": "1.3", "keyType": "mldsa65",
                                 "groups": "X25519MLKEM768", "clients": "1", "servers": "1",
                                 "handshakes": "1", "seed": "1", "run": "1"}
    grid.write_text(json.dumps({"grid": {"version": "1.3", "keyType": "p256"},
                                "ladder": {"mutualAuth": True, "delay": "10ms"}}))
    (ladder,) = ladders_of(tmp_path, "--grid", str(grid))
    assert ladder["options"]["mutualAuth"] == "1" and ladder["options"]["keyType"] == "p256"


def test_ladder_figure_of_a_sweep_without_mutual_authentication(tiny):
    """The tiny sweep (no mutualAuth): its ladders show no client Certificate
    and CertificateVerify, and say the RTT of the sweep's first delay."""
    _, out, _ = tiny
    manifest = json.loads((out / "sweep.json").read_text())
    for ladder in manifest["ladders"]:
        assert "mutualAuth" not in ladder["options"]
        assert ladder["options"]["delay"] == "10ms"
        _, rows = read_rows(out / "points" / ladder["id"] / "messages.csv")
        client = {r["message"] for r in rows if r["direction"] == "C->S"}
        assert "ClientHello" in client and "CertificateVerify" not in client


@pytest.mark.parametrize("records, summary, words", [
    (b"id,x\n0,1\n1,2\n", '{"attempts": 2}', None),
    (b'id,x\n0,"a\nb"\n1,2\n', '{"attempts": 2}', None),  # a quoted newline is one row
    (b'id,x\n0,"a\n', '{"attempts": 1}', "records.csv: not CSV after line 1"),
    (b"id,x\n0,\xff\n", '{"attempts": 1}', "records.csv: not UTF-8 text"),
    (b"\n", '{"attempts": 0}', "records.csv has no header"),
    (b"id,x\n", '{"attempts": 0}', None),
    (b"id,x\n0,1\n", '{"attempts": true}', "no whole number of attempts"),
    (b"id,x\n0,1\n", "[1]", "summary.json is not a JSON object"),
    (None, '{"attempts": 1}', "no records.csv"),
])
def test_pointcheck(tmp_path, records, summary, words):
    """pointcheck.check on its own: whole files pass (quoted newlines too);
    unterminated quotes, bytes that are not UTF-8, no header and a summary
    without a whole attempts count do not."""
    import pointcheck
    if records is not None:
        (tmp_path / "records.csv").write_bytes(records)
    (tmp_path / "summary.json").write_text(summary)
    problem = pointcheck.check(str(tmp_path))
    assert problem == words if words is None else words in (problem or ""), problem
    command = subprocess.run([sys.executable, os.path.join(sweep.SCRIPTS, "pointcheck.py"),
                              str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert command.returncode == (0 if words is None else 1)
    assert (words or "") in command.stderr
