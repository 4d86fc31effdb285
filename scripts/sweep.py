#!/usr/bin/python3
"""Parameter sweeps of the tls-experiment simulator.

Expands a grid of experiment options (every option with a list of values, all
combinations, times --reps repetitions with --run=1..N), runs each point as an
independent tls-experiment process on the local cores, and collects the
records into one tidy CSV, OUT/results.csv, plus figures, OUT/*.png and
OUT/*.pdf, and a ladder diagram of one extra handshake (OUT/ladder.*). Each
point lives in OUT/points/<hash of its options>/ (params.json, records.csv,
summary.json, stdout.txt, stderr.txt, and a `done` marker once it
succeeded); a finished point is never run again, so an interrupted sweep
resumes where it stopped.

    sweep.py --out out/default                 # the default sweep (default_sweep.json)
    sweep.py --out out/rtt --set version=1.2,1.3 --set delay=10ms,50ms \\
             --set loss=0,0.01 --set handshakes=20 --reps 3
    sweep.py --out out/big --grid big.json --slurm   # job array for a Slurm cluster
    sweep.py --out out/big --merge                   # results once the array has run

results.csv has one row per handshake (--rows handshake): the point id, the
swept options, seed and run, then the columns of tls-experiment --records (one
named like a swept option gets the suffix _record, e.g. version_record); or
one row per point (--rows point): the same head, then attempts, ok, latency
mean and percentiles, resumption rates, timeouts and alert_<name> counts.

A grid file (JSON, or TOML for names ending in .toml) holds:
  "grid":  {option: value or [values]} or a list of such (their union),
  "reps", "seed": as the options of the same name,
  "ladder": options of the extra one-handshake point whose message trace
            becomes the ladder diagram,
  "description": free text.
Options given with --set replace the same option in every grid.
"""

import argparse
import concurrent.futures
import csv
import hashlib
import itertools
import json
import os
import re
import shlex
import subprocess
import sys
import time

SCRIPTS = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, SCRIPTS)
import tlsplots  # noqa: E402  (the figures, next to this script)

MODULE_ROOT = os.path.dirname(SCRIPTS)
DEFAULT_GRID = os.path.join(SCRIPTS, "default_sweep.json")
#: Options that sweep.py sets itself for every point.
RESERVED = ("records", "summary", "messages", "seed", "run")
#: The ladder point, unless the grid file or --ladder say otherwise.
LADDER_DEFAULTS = {"version": "1.2", "mutualAuth": "1", "clients": "1",
                   "servers": "1", "handshakes": "1", "delay": "10ms"}
#: Per-point aggregate columns of --rows point (alert_<name> columns follow).
POINT_COLUMNS = ["attempts", "ok", "latency_mean_ms", "latency_p50_ms",
                 "latency_p90_ms", "latency_p95_ms", "latency_p99_ms",
                 "latency_max_ms", "resumption_rate", "resumption_hit_rate", "timeouts"]


# ------------------------------------------------------------------ the grid

def option_value(value):
    """An option value as the command line spells it (booleans as 1/0)."""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def parse_assignment(text):
    """Split NAME=V1,V2,... into (NAME, [V1, V2, ...])."""
    name, sep, values = text.partition("=")
    name = name.strip().lstrip("-")
    if not sep or not re.fullmatch(r"[A-Za-z_]\w*", name) or values.strip() == "":
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE[,VALUE...], got {text!r}")
    return name, [v.strip() for v in values.split(",")]


def load_spec(path):
    """Read a grid file (JSON, or TOML when the name ends in .toml)."""
    if path.endswith(".toml"):
        import tomllib
        with open(path, "rb") as f:
            spec = tomllib.load(f)
    else:
        with open(path) as f:
            spec = json.load(f)
    unknown = set(spec) - {"grid", "reps", "seed", "ladder", "description"}
    if unknown:
        raise SystemExit(f"sweep: {path}: unknown keys {sorted(unknown)} "
                         "(expected grid, reps, seed, ladder, description)")
    grids = spec.get("grid", {})
    spec["grid"] = grids if isinstance(grids, list) else [grids]
    return spec


def expand(grids):
    """All option combinations of the grids, in order, each once.

    A grid maps option names to one value or a list of values."""
    combos, seen = [], set()
    for grid in grids:
        names = list(grid)
        lists = [[option_value(v) for v in (grid[n] if isinstance(grid[n], list)
                                            else [grid[n]])] for n in names]
        for values in itertools.product(*lists):
            options = dict(zip(names, values))
            key = json.dumps(options, sort_keys=True)
            if key not in seen:
                seen.add(key)
                combos.append(options)
    return combos


def point_id(kind, options):
    """Stable short hash of a point: its kind and every option it passes."""
    text = json.dumps({"kind": kind, "options": options}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def make_point(kind, options):
    """A point: its id, kind ("grid" or "ladder") and options (all strings)."""
    return {"id": point_id(kind, options), "kind": kind, "options": options}


def swept_and_fixed(points):
    """Options (seed and run aside) that take several values across the grid
    points, in order of appearance, and the {option: value} of the others."""
    values = {}
    for p in points:
        for name, value in p["options"].items():
            if name not in ("seed", "run"):
                values.setdefault(name, set()).add(value)
    swept = [n for n, v in values.items()
             if len(v) > 1 or any(n not in p["options"] for p in points)]
    fixed = {n: next(iter(v)) for n, v in values.items() if n not in swept}
    return swept, fixed


# ------------------------------------------------------------------ running

def binary_path(build):
    """The tls-experiment program of a build directory."""
    return os.path.join(build, "examples", "tls-experiment")


def option_defaults(binary):
    """{option: default value} as the program lists them in --PrintHelp
    (default "" when none is shown; empty when the program lists nothing)."""
    try:
        out = subprocess.run([binary, "--PrintHelp"], capture_output=True, text=True,
                             timeout=60, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    section = out.split("General Arguments:", 1)[0]
    return {name: default for name, default in
            re.findall(r"^\s+--(\w+)(?:=\S*)?:.*?(?:\[(.*)\])?\s*$", section, re.MULTILINE)}


def command(binary, point):
    """The argument vector of a point, run inside its directory."""
    argv = [binary] + [f"--{k}={v}" for k, v in point["options"].items()]
    argv += ["--records=records.csv", "--summary=summary.json"]
    if point["kind"] == "ladder":
        argv.append("--messages=messages.csv")
    return argv


def point_dir(out, point):
    """Directory of a point."""
    return os.path.join(out, "points", point["id"])


def is_done(out, point):
    """True when the point has finished successfully."""
    return os.path.exists(os.path.join(point_dir(out, point), "done"))


def prepare(out, binary, point):
    """Create the point's directory and its params.json."""
    directory = point_dir(out, point)
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "params.json"), "w") as f:
        json.dump(dict(point, command=command(binary, point)), f, indent=1)
        f.write("\n")


def run_point(out, binary, point):
    """Run one point; return (point, None on success or what went wrong)."""
    directory = point_dir(out, point)
    prepare(out, binary, point)
    with open(os.path.join(directory, "stdout.txt"), "w") as so, \
            open(os.path.join(directory, "stderr.txt"), "w") as se:
        status = subprocess.run(command(binary, point), cwd=directory, stdout=so,
                                stderr=se, check=False).returncode
    if status != 0:
        return point, f"exit status {status}"
    if not os.path.exists(os.path.join(directory, "records.csv")):
        return point, "exit status 0 but no records.csv"
    open(os.path.join(directory, "done"), "w").close()
    return point, None


class Progress:
    """A one-line text progress bar on stderr: points done of total, time
    elapsed and estimated time left."""

    def __init__(self, total, stream=sys.stderr):
        self.total, self.done, self.failed = total, 0, 0
        self.stream, self.start = stream, time.monotonic()
        self.tty = stream.isatty()
        self.last_line = -1.0  # time of the last line written to a non-terminal

    @staticmethod
    def clock(seconds):
        """Seconds as H:MM:SS or M:SS."""
        m, s = divmod(int(round(seconds)), 60)
        h, m = divmod(m, 60)
        return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"

    def update(self, ok):
        """Count one finished point and redraw."""
        self.done += 1
        self.failed += 0 if ok else 1
        elapsed = time.monotonic() - self.start
        eta = elapsed / self.done * (self.total - self.done)
        width = 30
        filled = width * self.done // self.total
        line = (f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} points"
                f"{f', {self.failed} failed' if self.failed else ''}"
                f"  elapsed {self.clock(elapsed)}  ETA {self.clock(eta)}")
        if self.tty:
            end = "\n" if self.done == self.total else ""
            print("\r" + line, end=end, file=self.stream, flush=True)
        elif self.done == self.total or elapsed - self.last_line >= 10 or self.last_line < 0:
            # In a log file: the first, the last and one line per 10 seconds.
            self.last_line = elapsed
            print(line, file=self.stream, flush=True)


def run_points(out, binary, points, jobs):
    """Run the points that have not finished, jobs at a time; return the
    points that failed."""
    todo = [p for p in points if not is_done(out, p)]
    print(f"sweep: {len(points)} points, {len(points) - len(todo)} already done, "
          f"running {len(todo)} on {jobs} cores", file=sys.stderr)
    failed = []
    if not todo:
        return failed
    progress = Progress(len(todo))
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(run_point, out, binary, p) for p in todo]
        for future in concurrent.futures.as_completed(futures):
            point, error = future.result()
            progress.update(error is None)
            if error:
                failed.append((point, error))
    for point, error in failed:
        directory = point_dir(out, point)
        with open(os.path.join(directory, "stderr.txt")) as f:
            tail = f.read().strip().splitlines()[-5:]
        print(f"sweep: point {directory} failed ({error})"
              + "".join(f"\n  {line}" for line in tail), file=sys.stderr)
    return failed


def write_slurm(out, binary, points):
    """Write OUT/slurm/points.txt (one shell command per unfinished point) and
    OUT/slurm/sweep.sbatch (a job array running line TASK_ID+1); return the
    number of lines."""
    slurm = os.path.join(out, "slurm")
    os.makedirs(os.path.join(slurm, "logs"), exist_ok=True)
    todo = [p for p in points if not is_done(out, p)]
    lines = []
    for p in todo:
        prepare(out, binary, p)
        directory = os.path.abspath(point_dir(out, p))
        lines.append(f"cd {shlex.quote(directory)} && {shlex.join(command(binary, p))}"
                     " > stdout.txt 2> stderr.txt && test -s records.csv && touch done")
    with open(os.path.join(slurm, "points.txt"), "w") as f:
        f.write("".join(line + "\n" for line in lines))
    sbatch = os.path.join(slurm, "sweep.sbatch")
    if not lines:
        if os.path.exists(sbatch):
            os.remove(sbatch)
        return 0
    logs = os.path.join(os.path.abspath(slurm), "logs")
    points_txt = os.path.join(os.path.abspath(slurm), "points.txt")
    script = f"""#!/bin/bash
# One tls-experiment point per array task: task i runs line i+1 of points.txt.
# Add the #SBATCH lines your cluster needs (--partition, --account, ...).
#SBATCH --job-name=tls-sweep
#SBATCH --array=0-{len(lines) - 1}
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=1
#SBATCH --time=01:00:00
#SBATCH --output={logs}/%A_%a.out
set -eu
line=$(sed -n "$((SLURM_ARRAY_TASK_ID + 1))p" {shlex.quote(points_txt)})
bash -c "$line"
"""
    with open(sbatch, "w") as f:
        f.write(script)
    return len(lines)


# ------------------------------------------------------------------ results

def read_point(out, point):
    """(records, summary) of a finished point."""
    directory = point_dir(out, point)
    records = tlsplots.read_csv(os.path.join(directory, "records.csv"))
    try:
        with open(os.path.join(directory, "summary.json")) as f:
            summary = json.load(f)
    except (OSError, ValueError):
        summary = {}
    return records, summary


def collect(out, points, swept, context):
    """Handshake rows, point rows and the CSV columns of both.

    CSV rows carry the point id, the swept options, seed and run, then the
    record columns (a record column named like a swept option is renamed
    <name>_record). In memory every row also carries the other options
    (context: {option: value}, the fixed options over the program's
    defaults), for the figures and the summary table."""
    head = ["point"] + swept + ["seed", "run"]
    handshake_rows, point_rows, record_columns, alert_names = [], [], [], set()
    for p in points:
        records, summary = read_point(out, p)
        params = {"point": p["id"], **{k: p["options"].get(k, "") for k in swept},
                  "seed": p["options"]["seed"], "run": p["options"]["run"]}
        for record in records:
            row = dict(params)
            for name, value in record.items():
                column = f"{name}_record" if name in head else name
                if column not in record_columns:
                    record_columns.append(column)
                row[column] = value
            for name, value in context.items():
                row.setdefault(name, value)
            handshake_rows.append(row)
        point_row = dict(params, **aggregate(records, summary))
        point_row.update({f"alert_{a}": n for a, n in alert_counts(records).items()})
        alert_names.update(alert_counts(records))
        for name, value in context.items():
            point_row.setdefault(name, value)
        point_rows.append(point_row)
    alert_columns = [f"alert_{a}" for a in sorted(alert_names)]
    for row in point_rows:
        for column in alert_columns:
            row.setdefault(column, 0)
    return (handshake_rows, head + record_columns,
            point_rows, head + POINT_COLUMNS + alert_columns + ["wall_s", "sim_s"])


def alert_counts(records):
    """{alert name: number of handshakes that ended with it}."""
    counts = {}
    for r in records:
        if r.get("alert", ""):
            counts[r["alert"]] = counts.get(r["alert"], 0) + 1
    return counts


def aggregate(records, summary):
    """Per-point statistics of the records; from summary.json the resumption
    rate (resumed / successful handshakes), the hit rate (resumed / sessions
    offered), wall and simulated time."""
    lat = tlsplots.latencies(records)

    def stat(value):
        return "" if value is None else round(value, 6)

    return {
        "attempts": len(records),
        "ok": sum(1 for r in records if r.get("outcome") == "ok"),
        "latency_mean_ms": stat(sum(lat) / len(lat) if lat else None),
        "latency_p50_ms": stat(tlsplots.percentile(lat, 50)),
        "latency_p90_ms": stat(tlsplots.percentile(lat, 90)),
        "latency_p95_ms": stat(tlsplots.percentile(lat, 95)),
        "latency_p99_ms": stat(tlsplots.percentile(lat, 99)),
        "latency_max_ms": stat(max(lat) if lat else None),
        "resumption_rate": summary.get("resumption_rate", ""),
        "resumption_hit_rate": summary.get("resumption_hit_rate", ""),
        "timeouts": sum(1 for r in records if r.get("outcome") == "timeout"),
        "wall_s": summary.get("wall_s", ""),
        "sim_s": summary.get("sim_s", ""),
    }


def write_csv(path, rows, columns):
    """Write rows (only the given columns, missing cells empty) as CSV."""
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore", restval="")
        writer.writeheader()
        writer.writerows(rows)


def draw_figures(out, rows, point_rows, swept, ladder_point):
    """Draw the figures that apply to the swept options; return their paths."""
    paths = []
    facet = "delay" if "delay" in swept else None
    config = [k for k in swept if k not in ("delay", "loss")]
    if tlsplots.varies(rows, "resumed"):
        config = [k for k in config if k != "resume"] + ["resumed"]
    base = rows
    if "loss" in swept:
        lowest = tlsplots.distinct(rows, "loss")[:1]
        base = [r for r in rows if r.get("loss") in lowest]

    def add(result):
        paths.extend(result or [])

    add(tlsplots.latency_cdf(rows, os.path.join(out, "latency_cdf"), by=config,
                             facet_col=facet, facet_row="loss" if "loss" in swept else None))
    if "loss" in swept:
        add(tlsplots.latency_vs_loss(rows, os.path.join(out, "latency_vs_loss"),
                                     by=config, facet=facet))
    if "rate" in swept:
        # Series by the swept options (resume, not each handshake's outcome):
        # the knee is a property of the configuration's mix.
        add(tlsplots.latency_vs_load(
            rows, os.path.join(out, "latency_vs_load"),
            by=[k for k in swept if k not in ("rate", "delay", "loss")], facet=facet))
    if "chainDepth" in swept:
        add(tlsplots.latency_vs_chain(
            base, os.path.join(out, "latency_vs_chain"),
            by=[k for k in config if k not in ("chainDepth", "resumed")], facet=facet))
    if "sessionCache" in swept:  # the hit rate: resumed / sessions offered
        add(tlsplots.resumption_vs_cache(
            point_rows, os.path.join(out, "resumption_vs_cache"),
            by=[k for k in swept if k not in ("sessionCache", "delay", "loss")],
            rate="resumption_hit_rate"))
    if tlsplots.varies([r for r in rows if r.get("latency_ms")], "resumed"):
        add(tlsplots.latency_full_vs_resumed(
            rows, os.path.join(out, "latency_full_vs_resumed"),
            by=[k for k in config if k != "resumed"], facet_col=facet,
            facet_row="loss" if "loss" in swept else None))
    if any(r.get("alert") for r in rows):
        add(tlsplots.alerts(rows, os.path.join(out, "alerts"), by=["scenario", "version"]))
    if ladder_point and is_done(out, ladder_point):
        messages = os.path.join(point_dir(out, ladder_point), "messages.csv")
        if os.path.exists(messages):
            options = ladder_point["options"]
            title = [f"TLS {options.get('version', '')} handshake"]
            if options.get("mutualAuth") == "1":
                title.append("mutual authentication")
            if "delay" in options:
                title.append(f"one-way delay {options['delay']}")
            add(tlsplots.ladder(tlsplots.read_csv(messages), os.path.join(out, "ladder"),
                                options.get("delay"), ", ".join(title)))
    return paths


def summary_table(rows):
    """Median latency per version x resumed x RTT at loss 0 against the
    analytic latency; returns the table as text (empty without data)."""
    cells = {}
    for r in rows:
        latency = tlsplots.number(r.get("latency_ms"))
        rtt = tlsplots.rtt_ms(r)
        lossy = any((tlsplots.number(r.get(k)) or 0) > 0
                    for k in ("loss", "uplinkLoss", "downlinkLoss"))
        if latency is None or rtt is None or lossy:
            continue
        key = (tlsplots.tls_version(r.get("version", "")),
               int(tlsplots.number(r.get("resumed")) or 0), rtt)
        cells.setdefault(key, []).append(latency)
    if not cells:
        return ""
    lines = ["median handshake latency at loss 0 (from the TCP connect):",
             f"{'version':>7} {'handshake':>9} {'RTT ms':>7} {'n':>5} {'median ms':>10} "
             f"{'analytic ms':>11} {'ratio':>6}"]
    for (version, resumed, rtt), lat in sorted(cells.items()):
        median = tlsplots.percentile(lat, 50)
        analytic = tlsplots.analytic_latency_ms(version, resumed, rtt)
        lines.append(f"{version:>7} {'resumed' if resumed else 'full':>9} {rtt:7.1f} "
                     f"{len(lat):5d} {median:10.2f} {analytic:11.1f} {median / analytic:6.3f}")
    return "\n".join(lines)


# ------------------------------------------------------------------ main

def build_points(args):
    """The grid points and the ladder point (or None) of the command line."""
    if args.grid:
        spec = load_spec(args.grid)
    elif args.set:
        spec = {"grid": [{}]}
    else:
        spec = load_spec(DEFAULT_GRID)
    grids = [dict(g) for g in spec["grid"]] or [{}]
    for name, values in args.set or []:
        if name in RESERVED:
            raise SystemExit(f"sweep: --set {name} is chosen by sweep.py "
                             "(use --reps and --seed for run and seed)")
        for grid in grids:
            grid[name] = values
    for grid in grids:
        reserved = set(grid) & set(RESERVED)
        if reserved:
            raise SystemExit(f"sweep: the grid may not set {sorted(reserved)}")
    reps = args.reps if args.reps is not None else int(spec.get("reps", 1))
    seed = args.seed if args.seed is not None else int(spec.get("seed", 1))
    points = [make_point("grid", dict(options, seed=str(seed), run=str(run)))
              for options in expand(grids) for run in range(1, reps + 1)]
    ladder = None
    if not args.no_ladder:
        options = dict(LADDER_DEFAULTS)
        options.update({k: option_value(v) for k, v in spec.get("ladder", {}).items()})
        for name, values in args.ladder or []:
            if len(values) > 1 or name in RESERVED:
                raise SystemExit(f"sweep: --ladder {name} takes one value and may not "
                                 f"be one of {', '.join(RESERVED)}")
            options[name] = values[0]
        options.update(seed=str(seed), run="1")
        ladder = make_point("ladder", options)
    return points, ladder


def parse_args(argv=None):
    """Command line of sweep.py."""
    parser = argparse.ArgumentParser(
        description=__doc__,
        epilog="Without --grid or --set, runs the default sweep "
               f"({os.path.relpath(DEFAULT_GRID)}).",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True,
                        help="output directory (points/, results.csv, figures)")
    parser.add_argument("--build", default=os.environ.get(
        "TLS_BUILD_DIR", os.path.join(MODULE_ROOT, "build")),
        help="build directory holding examples/tls-experiment "
             "(default: $TLS_BUILD_DIR or %(default)s)")
    parser.add_argument("--grid", metavar="FILE",
                        help="grid file, JSON or TOML (.toml)")
    parser.add_argument("--set", action="append", type=parse_assignment,
                        metavar="NAME=V1[,V2...]",
                        help="experiment option and its values (repeatable), "
                             "e.g. --set version=1.2,1.3 --set delay=10ms,50ms")
    parser.add_argument("--reps", type=int,
                        help="repetitions of each point, passed as --run=1..N (default 1)")
    parser.add_argument("--seed", type=int, help="--seed of every point (default 1)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="points run in parallel (default: %(default)s, the cores)")
    parser.add_argument("--rows", choices=("handshake", "point"), default="handshake",
                        help="results.csv with one row per handshake (default) "
                             "or one row per point")
    parser.add_argument("--ladder", action="append", type=parse_assignment,
                        metavar="NAME=VALUE",
                        help="option of the ladder-diagram point (repeatable; "
                             "default TLS 1.2 with mutual authentication, 10ms)")
    parser.add_argument("--no-ladder", action="store_true",
                        help="do not run the ladder-diagram point")
    parser.add_argument("--no-figures", action="store_true", help="write no figures")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--slurm", action="store_true",
                      help="write OUT/slurm/points.txt and a job-array sweep.sbatch "
                           "instead of running")
    mode.add_argument("--merge", action="store_true",
                      help="build results.csv and figures from the finished points "
                           "of OUT (as set up by an earlier run or --slurm); runs nothing")
    args = parser.parse_args(argv)
    if args.reps is not None and args.reps < 1:
        parser.error("--reps must be at least 1")
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    return args


def new_manifest(args, binary):
    """Set up a sweep from the command line: check the options against the
    program, write OUT/sweep.json (the points, the ladder point and the
    program's option defaults) and return it."""
    points, ladder = build_points(args)
    defaults = option_defaults(binary) if os.access(binary, os.X_OK) else {}
    used = {k for p in points + [ladder] if p for k in p["options"]}
    unknown = sorted(used - set(defaults)) if defaults else []
    if unknown:
        raise SystemExit(f"sweep: tls-experiment has no option {', '.join(unknown)}")
    manifest = {"points": points, "ladder": ladder, "defaults": defaults}
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "sweep.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    return manifest


def read_manifest(out):
    """The OUT/sweep.json of an earlier run or --slurm."""
    path = os.path.join(out, "sweep.json")
    try:
        with open(path) as f:
            return json.load(f)
    except OSError:
        raise SystemExit(f"sweep: {path} not found: nothing to merge") from None


def report(args, manifest):
    """Write results.csv and the figures from the finished points, print
    where they are and the summary table; return the exit status."""
    out, points, ladder = args.out, manifest["points"], manifest["ladder"]
    finished = [p for p in points if is_done(out, p)]
    if len(finished) < len(points):
        print(f"sweep: {len(points) - len(finished)} of {len(points)} points are not "
              "finished; results hold the others", file=sys.stderr)
    swept, fixed = swept_and_fixed(points)
    context = {k: v for k, v in manifest.get("defaults", {}).items() if v != ""}
    context.update(fixed)
    rows, columns, point_rows, point_columns = collect(out, finished, swept, context)
    results = os.path.join(out, "results.csv")
    if args.rows == "point":
        write_csv(results, point_rows, point_columns)
    else:
        write_csv(results, rows, columns)
    print(f"results: {results} ({len(rows) if args.rows == 'handshake' else len(point_rows)}"
          f" rows, one per {args.rows}; swept: {', '.join(swept) or 'nothing'})")
    if not args.no_figures:
        for path in draw_figures(out, rows, point_rows, swept, ladder):
            print(f"figure:  {path}")
    table = summary_table(rows)
    if table:
        print("\n" + table)
    complete = len(finished) == len(points) and (ladder is None or is_done(out, ladder))
    return 0 if complete else 1


def main(argv=None):
    """Run, prepare or merge a sweep; return the exit status."""
    args = parse_args(argv)
    binary = os.path.abspath(binary_path(args.build))
    if args.merge:
        return report(args, read_manifest(args.out))
    if not args.slurm and not os.access(binary, os.X_OK):
        raise SystemExit(f"sweep: {binary} not found; build the module first "
                         "(scripts/build.sh) or pass --build / TLS_BUILD_DIR")
    manifest = new_manifest(args, binary)
    everything = manifest["points"] + ([manifest["ladder"]] if manifest["ladder"] else [])
    if args.slurm:
        if not os.access(binary, os.X_OK):
            print(f"sweep: warning: {binary} does not exist here", file=sys.stderr)
        n = write_slurm(args.out, binary, everything)
        slurm = os.path.join(args.out, "slurm")
        if n == 0:
            print(f"sweep: all {len(everything)} points are done; merge with:")
        else:
            print(f"sweep: {n} points to run: {slurm}/points.txt\n"
                  f"submit:  sbatch {slurm}/sweep.sbatch\nthen merge with:")
        rows = f" --rows {args.rows}" if args.rows != "handshake" else ""
        print(f"  {shlex.quote(os.path.abspath(__file__))} --out {shlex.quote(args.out)} "
              f"--merge{rows}")
        return 0
    failed = run_points(args.out, binary, everything, args.jobs)
    if failed and len(failed) == len(everything):
        return 1
    return report(args, manifest)


if __name__ == "__main__":
    sys.exit(main())
