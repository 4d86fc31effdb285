#!/usr/bin/python3
"""Parameter sweeps of the tls-experiment simulator.

Expands a grid of experiment options (every option with a list of values, all
combinations, times --reps repetitions with --run=1..N), runs each point as an
independent tls-experiment process on the local cores, and collects the
records into one tidy CSV, OUT/results.csv, plus figures, OUT/*.png and
OUT/*.pdf, and a ladder diagram of one extra handshake (OUT/ladder.*). Each
point lives in OUT/points/<hash of its options>/ (params.json, records.csv,
summary.json, stdout.txt, stderr.txt, and a `done` marker once it
succeeded and its files are whole: pointcheck.py, here and in every Slurm
array task); a finished point is never run again, so an interrupted sweep
resumes where it stopped. A point whose program exits 0 with files that are
not whole (a full disk: a cut or half row, fewer rows than summary.json's
attempts, no summary) is not done: the sweep names it and what is wrong and
exits 1; --merge refuses a point marked done whose files are not whole.
One sweep.py at a time per OUT: a run, --slurm or --merge holds OUT/.sweep.lock
(flock) while it works, and a second one on the same OUT exits 1 saying so;
the array tasks of --slurm take no lock. Ctrl-C (SIGINT) or SIGTERM stops every running
point at once (each runs in its own process group), removes their partial
output, prints what is done and the command that resumes, and exits with
128 + the signal number.

    sweep.py --out out/default                 # the default sweep (default_sweep.json)
    sweep.py --out out/rtt --set version=1.2,1.3 --set delay=10ms,50ms \\
             --set loss=0,0.01 --set handshakes=20 --reps 3
    sweep.py --out out/big --grid big.json --slurm   # job array for a Slurm cluster
    (cd out/big && sbatch slurm/sweep.sbatch)
    sweep.py --out out/big --merge                   # results once the array has run

--slurm packs the points into array tasks of --chunk points each, so that the
array stays within the cluster's MaxArraySize (from `scontrol show config`,
else Slurm's default 1001), runs at most --throttle tasks at once (%N), sets
--time from one point it runs here (3x, at least 5 minutes) and writes every
path relative to the sweep directory (or --workdir, the job's --chdir).

Every statistic (percentiles by the nearest rank, their 95 % confidence
intervals, round trips, the run's TCP initial window) comes from tlsstats.py.

results.csv has one row per handshake (--rows handshake): the point id, the
swept options, seed and run, then the columns of tls-experiment --records (one
named like a swept option gets the suffix _record, e.g. version_record); or
one row per point (--rows point): the same head, then attempts, ok, latency
mean and percentiles, resumption rates, timeouts and alert_<name> counts.

A grid file (JSON, or TOML for names ending in .toml) holds:
  "grid":  {option: value or [values]} or a list of such (their union),
  "reps", "seed": as the options of the same name,
  "ladder": options of the extra one-handshake point whose message trace
            becomes the ladder diagram (one value each), on top of the
            sweep's own configuration (its first point per swept version,
            without load, loss, resumption and fault options),
  "description": free text.
A value is a string, number or boolean, or a non-empty list of them; anything
else is refused. Options given with --set replace the same option in every
grid. A sweep has at most 100000 points (combinations x --reps).
"""

import argparse
import collections
import concurrent.futures
import csv
import fcntl
import glob
import hashlib
import itertools
import json
import os
import re
import math
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time

SCRIPTS = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, SCRIPTS)
import pointcheck  # noqa: E402  (is a point's output whole?)
import tlsplots  # noqa: E402  (the figures, next to this script)
import tlsstats  # noqa: E402  (the one definition of every statistic)

MODULE_ROOT = os.path.dirname(SCRIPTS)
DEFAULT_GRID = os.path.join(SCRIPTS, "default_sweep.json")
#: Options that sweep.py sets itself for every point.
RESERVED = ("records", "summary", "messages", "seed", "run")
#: The ladder point is one handshake of the sweep's own configuration: the
#: options of its first grid point (one ladder per swept version, each from
#: the first point of that version), with these set, ...
LADDER_OPTIONS = {"clients": "1", "servers": "1", "handshakes": "1"}
#: ... and without the options of the workload, loss, resumption and faults,
#: which a single loss-free handshake cannot use; then the grid file's
#: "ladder" and --ladder on top (the default sweep's: mutual authentication).
LADDER_DROPPED = ("rate", "thinkTime", "jitter", "loss", "uplinkLoss", "downlinkLoss",
                  "uplinkLossPattern", "downlinkLossPattern", "resume", "earlyData",
                  "sessionCache", "sharedCache", "scenario", "faultFraction")
#: Array tasks of --slurm running at once unless --throttle says otherwise.
THROTTLE = 64
#: Per-point aggregate columns of --rows point (alert_<name> columns follow).
POINT_COLUMNS = ["attempts", "ok", "latency_n", "latency_mean_ms", "latency_p50_ms",
                 "latency_p50_ci_lo_ms", "latency_p50_ci_hi_ms", "latency_p90_ms",
                 "latency_p95_ms", "latency_p95_ci_lo_ms", "latency_p95_ci_hi_ms",
                 "latency_p99_ms", "latency_max_ms", "resumption_rate",
                 "resumption_hit_rate", "timeouts"]


# ------------------------------------------------------------------ the grid

def option_value(value):
    """An option value as the command line spells it (booleans as 1/0)."""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def parse_assignment(text):
    """Split NAME=V1,V2,... into (NAME, [V1, V2, ...]); an empty value is refused."""
    name, sep, values = text.partition("=")
    name = name.strip().lstrip("-")
    if not sep or not re.fullmatch(OPTION_NAME, name) or values.strip() == "":
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE[,VALUE...], got {text!r}")
    items = [v.strip() for v in values.split(",")]
    if "" in items:
        raise argparse.ArgumentTypeError(
            f"{text!r} has an empty value (expected NAME=VALUE[,VALUE...], each value "
            "non-empty)")
    return name, items


#: An option of tls-experiment (delay) or any attribute path (ns3::TcpSocket::InitialCwnd).
OPTION_NAME = r"[A-Za-z_]\w*|ns3::[A-Za-z_]\w*(?:::[A-Za-z_]\w*)+"


def is_attribute_path(name):
    """True for an ns3::Type::Attribute option name."""
    return "::" in name


#: The most grid points (combinations times repetitions) a sweep may have:
#: more would take hours to expand and write (OUT/points/, slurm/points.txt).
MAX_POINTS = 100000
#: Range of --seed, as tls-experiment takes it (RngSeed 0 would repeat run 1).
SEED_RANGE = (1, 4294967295)
SPEC_KEYS = ("grid", "reps", "seed", "ladder", "description")
_SCALARS = "a string, number or boolean"


def _kind(value):
    """The JSON name of a value's type (null, boolean, number, string, list, object)."""
    if value is None:
        return "null"
    for types, name in ((bool, "boolean"), ((int, float), "number"), (str, "string"),
                        (list, "list"), (dict, "object")):
        if isinstance(value, types):
            return name
    return type(value).__name__  # a TOML date or time


def _scalar_problem(value):
    """Why value is not an option value (None when it is one)."""
    if isinstance(value, bool) or isinstance(value, int):
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else f"{value!r} is not a finite number"
    if isinstance(value, str):
        return None if value.strip() else "an empty string"
    return f"{_kind(value)} is not {_SCALARS}"


def _check_options(path, where, options, lists):
    """Refuse an option map that is not {name: value} (or [values] when lists)."""
    if not isinstance(options, dict):
        raise SystemExit(f"sweep: --grid {path}: {where} is {_kind(options)}, "
                         "expected an object of option: "
                         + ("value or [values]" if lists else "value"))
    for name, value in options.items():
        if not re.fullmatch(OPTION_NAME, name):
            raise SystemExit(f"sweep: --grid {path}: {where} option {name!r} is not an "
                             "option name (letters, digits, _) or an attribute path "
                             "(ns3::Type::Attribute)")
        values = value if lists and isinstance(value, list) else [value]
        if lists and isinstance(value, list) and not value:
            raise SystemExit(f"sweep: --grid {path}: {where} {name}: an empty list "
                             f"(expected {_SCALARS} or a non-empty list of them)")
        for item in values:
            problem = _scalar_problem(item)
            if problem:
                allowed = (f"{_SCALARS} or a non-empty list of them" if lists
                           else f"one value, {_SCALARS}")
                raise SystemExit(f"sweep: --grid {path}: {where} {name}: {problem} "
                                 f"(expected {allowed})")


def _check_whole(path, key, value, high):
    """Refuse reps or seed unless a whole number from 1 to high."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= high:
        raise SystemExit(f"sweep: --grid {path}: {key} {json.dumps(value)} is not allowed "
                         f"(expected a whole number from 1 to {high})")


def load_spec(path):
    """Read and check a grid file (JSON, or TOML when the name ends in .toml);
    anything but the documented keys and types ends the sweep in one line."""
    kind = "TOML" if path.endswith(".toml") else "JSON"
    try:
        if kind == "TOML":
            import tomllib
            with open(path, "rb") as f:
                spec = tomllib.load(f)
        else:
            with open(path, encoding="utf-8") as f:
                spec = json.load(f)
    except OSError as e:
        raise SystemExit(f"sweep: --grid {path}: cannot read it ({e.strerror or e}); "
                         f"expected a {kind} grid file") from None
    except (ValueError, RecursionError) as e:  # JSON, TOML and UTF-8 decoding errors
        reason = "nested too deeply" if isinstance(e, RecursionError) else \
            str(e).splitlines()[0] if str(e) else type(e).__name__
        raise SystemExit(f"sweep: --grid {path}: not a {kind} grid file ({reason})") from None
    if not isinstance(spec, dict):
        raise SystemExit(f"sweep: --grid {path}: holds a {_kind(spec)}, expected "
                         f"an object with the keys {', '.join(SPEC_KEYS)}")
    unknown = set(spec) - set(SPEC_KEYS)
    if unknown:
        raise SystemExit(f"sweep: --grid {path}: unknown keys {sorted(unknown)} "
                         f"(expected {', '.join(SPEC_KEYS)})")
    grids = spec.get("grid", {})
    grids = grids if isinstance(grids, list) else [grids]
    if not grids:
        raise SystemExit(f"sweep: --grid {path}: grid is an empty list (expected an object "
                         f"of options, or a non-empty list of them)")
    for i, grid in enumerate(grids):
        _check_options(path, "grid" if len(grids) == 1 else f"grid[{i}]", grid, True)
    spec["grid"] = grids
    if "reps" in spec:
        _check_whole(path, "reps", spec["reps"], MAX_POINTS)
    if "seed" in spec:
        _check_whole(path, "seed", spec["seed"], SEED_RANGE[1])
    if "ladder" in spec:
        _check_options(path, "ladder", spec["ladder"], False)
        reserved = sorted(set(spec["ladder"]) & set(RESERVED))
        if reserved:
            raise SystemExit(f"sweep: --grid {path}: ladder may not set {reserved} "
                             f"(sweep.py sets {', '.join(RESERVED)})")
    if not isinstance(spec.get("description", ""), str):
        raise SystemExit(f"sweep: --grid {path}: description is "
                         f"{_kind(spec['description'])}, expected a string")
    return spec


class TooManyPoints(Exception):
    """expand() found more combinations than its limit."""


def expand(grids, limit=None):
    """All option combinations of the grids, in order, each once.

    A grid maps option names to one value or a list of values. Raises
    TooManyPoints as soon as there are more than limit combinations."""
    combos, seen = [], set()
    for grid in grids:
        names = list(grid)
        lists = [list(dict.fromkeys(option_value(v) for v in (
            grid[n] if isinstance(grid[n], list) else [grid[n]]))) for n in names]
        for values in itertools.product(*lists):
            options = dict(zip(names, values))
            key = json.dumps(options, sort_keys=True)
            if key not in seen:
                seen.add(key)
                combos.append(options)
                if limit is not None and len(combos) > limit:
                    raise TooManyPoints()
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

def binary_path(build, program="tls-experiment"):
    """A program of the module in BUILD, which is one of: a standalone build
    directory (BUILD/examples/tls-experiment), an installed prefix
    (BUILD/bin/tls-experiment), or an ns-3 source tree or its build directory
    with the module in contrib/tls (ns3.<release>-tls-experiment-<profile>, as
    ./ns3 names it). The first executable one; else the standalone path."""
    candidates = [os.path.join(build, "examples", program), os.path.join(build, "bin", program)]
    for pattern in ("build/contrib/tls/examples", "contrib/tls/examples"):
        candidates += sorted(glob.glob(os.path.join(build, pattern, f"ns3.*-{program}-*")))
    for candidate in candidates:
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return candidates[0]


def default_build():
    """$TLS_BUILD_DIR; else, for an installed copy (PREFIX/share/ns3-tls/scripts),
    PREFIX; else the source tree's build directory."""
    if os.environ.get("TLS_BUILD_DIR"):
        return os.environ["TLS_BUILD_DIR"]
    share = os.path.dirname(MODULE_ROOT)
    if os.path.basename(MODULE_ROOT) == "ns3-tls" and os.path.basename(share) == "share":
        return os.path.dirname(share)
    return os.path.join(MODULE_ROOT, "build")


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


def check_attribute_values(binary, points):
    """Refuse, before anything runs, an attribute path (--set ns3::Type::Attribute=...)
    that tls-experiment would not take: each value the sweep gives it is checked with
    tls-experiment --validate, which parses and checks as a run would."""
    values = {}
    for p in points:
        for name, value in p["options"].items():
            if is_attribute_path(name):
                values.setdefault(name, {})[value] = None  # insertion-ordered set
    for name, seen in sorted(values.items()):
        for value in seen:
            try:
                out = subprocess.run([binary, f"--{name}={value}", "--validate"],
                                     capture_output=True, text=True, timeout=120, check=False)
            except (OSError, subprocess.SubprocessError) as e:
                raise SystemExit(f"sweep: cannot check --set {name}={value} with {binary} "
                                 f"({e})") from None
            if out.returncode != 0:
                lines = (out.stderr or out.stdout).strip().splitlines()
                reason = lines[-1] if lines else f"exit status {out.returncode}"
                raise SystemExit(f"sweep: --set {name}={value}: {reason}")


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
    """True when the point has finished successfully (its done marker)."""
    return os.path.exists(os.path.join(point_dir(out, point), "done"))


def check_point(out, point):
    """None when the finished point's files are whole, else what is wrong
    (pointcheck.check: summary.json parses, records.csv has whole rows, as
    many as summary.json's attempts; the ladder point's messages.csv)."""
    return pointcheck.check(point_dir(out, point), messages=point.get("kind") == "ladder")


def prepare(out, binary, point):
    """Create the point's directory and its params.json."""
    directory = point_dir(out, point)
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "params.json"), "w") as f:
        json.dump(dict(point, command=command(binary, point)), f, indent=1)
        f.write("\n")


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


class Interrupted(Exception):
    """The sweep was stopped by SIGINT or SIGTERM."""

    def __init__(self, signum):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class Runner:
    """Runs points as child processes, each in its own process group, so that
    a signal to the sweep stops every running point at once."""

    def __init__(self, out, binary):
        self.out, self.binary = out, binary
        self.lock = threading.Lock()
        self.running = {}        # point id -> Popen
        self.signum = None       # the signal that stopped the sweep

    def stop(self, signum, _frame=None):
        """Signal handler: stop every running point (its whole process group)
        and start no other."""
        with self.lock:
            first = self.signum is None
            self.signum = self.signum or signum
            procs = list(self.running.values())
        if first:
            print(f"\nsweep: {signal.Signals(signum).name}: stopping {len(procs)} running "
                  "point(s)", file=sys.stderr, flush=True)
        for proc in procs:
            try:
                os.killpg(proc.pid, signal.SIGKILL if not first else signal.SIGTERM)
            except ProcessLookupError:
                pass

    def run(self, point):
        """Run one point; return (point, None on success, "interrupted" when
        the sweep was stopped, or what went wrong)."""
        with self.lock:
            if self.signum is not None:
                return point, "interrupted"
        directory = point_dir(self.out, point)
        if os.path.isdir(directory):  # the leftovers of an earlier failure
            shutil.rmtree(directory)
        prepare(self.out, self.binary, point)
        with open(os.path.join(directory, "stdout.txt"), "w") as so, \
                open(os.path.join(directory, "stderr.txt"), "w") as se:
            with self.lock:
                if self.signum is not None:
                    return point, "interrupted"
                proc = subprocess.Popen(command(self.binary, point), cwd=directory,
                                        stdout=so, stderr=se, start_new_session=True)
                self.running[point["id"]] = proc
            status = proc.wait()
            with self.lock:
                del self.running[point["id"]]
                if self.signum is not None:
                    return point, "interrupted"
        if status != 0:
            return point, f"exit status {status}"
        problem = check_point(self.out, point)
        if problem:  # e.g. a full disk: the program ended well, its files did not
            return point, f"exit status 0 but its output is not whole: {problem}"
        open(os.path.join(directory, "done"), "w").close()
        return point, None


def run_point(out, binary, point):
    """Run one point in the foreground; return (point, None or the error)."""
    return Runner(out, binary).run(point)


def run_points(out, binary, points, jobs):
    """Run the points that have not finished, jobs at a time; return the
    points that failed. SIGINT or SIGTERM stops every running point, removes
    the directories of the unfinished ones and raises Interrupted."""
    todo = [p for p in points if not is_done(out, p)]
    print(f"sweep: {len(points)} points, {len(points) - len(todo)} already done, "
          f"running {len(todo)} on {jobs} cores", file=sys.stderr)
    failed = []
    if not todo:
        return failed
    runner = Runner(out, binary)
    previous = {s: signal.signal(s, runner.stop) for s in (signal.SIGINT, signal.SIGTERM)}
    progress = Progress(len(todo))
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(runner.run, p) for p in todo]
            for future in concurrent.futures.as_completed(futures):
                point, error = future.result()
                if error == "interrupted":
                    continue
                progress.update(error is None)
                if error:
                    failed.append((point, error))
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    if runner.signum is not None:
        for p in todo:  # partial output of the stopped points
            if not is_done(out, p) and os.path.isdir(point_dir(out, p)):
                shutil.rmtree(point_dir(out, p))
        raise Interrupted(runner.signum)
    for point, error in failed:
        directory = point_dir(out, point)
        with open(os.path.join(directory, "stderr.txt")) as f:
            tail = f.read().strip().splitlines()[-5:]
        print(f"sweep: point {directory} failed ({error})"
              + "".join(f"\n  {line}" for line in tail), file=sys.stderr)
    return failed


# ------------------------------------------------------------------ Slurm

#: Slurm's default MaxArraySize (array indices run from 0 to MaxArraySize - 1).
SLURM_DEFAULT_MAX_ARRAY_SIZE = 1001


def slurm_max_array_size():
    """MaxArraySize from `scontrol show config`, or Slurm's default when
    scontrol is missing or does not answer; returns (size, where from)."""
    try:
        out = subprocess.run(["scontrol", "show", "config"], capture_output=True,
                             text=True, timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        out = ""
    match = re.search(r"^MaxArraySize\s*=\s*(\d+)", out, re.MULTILINE)
    if match:
        return int(match.group(1)), "scontrol show config"
    return SLURM_DEFAULT_MAX_ARRAY_SIZE, "Slurm's default; scontrol did not answer"


def slurm_time(seconds):
    """A Slurm --time value (D-HH:MM:SS or HH:MM:SS) for seconds."""
    seconds = int(math.ceil(seconds))
    days, rest = divmod(seconds, 86400)
    h, rest = divmod(rest, 3600)
    m, s = divmod(rest, 60)
    return f"{days}-{h:02d}:{m:02d}:{s:02d}" if days else f"{h:02d}:{m:02d}:{s:02d}"


def estimate_task_time(per_point_s, chunk):
    """--time of an array task: chunk points at per_point_s each, times 3
    (points differ: loss, load), at least 5 minutes."""
    return slurm_time(max(300.0, 3 * chunk * per_point_s + 60))


def measure_point(out, binary, points):
    """Run the first unfinished point here and return its wall time (s), or
    None when the program is not here or the point fails. The point counts:
    the array does not run it again."""
    todo = [p for p in points if not is_done(out, p)]
    if not todo or not os.access(binary, os.X_OK):
        return None
    start = time.monotonic()
    failed = run_points(out, binary, [todo[0]], 1)  # Ctrl-C stops it too
    return None if failed else time.monotonic() - start


def write_slurm(out, binary, points, chunk=None, throttle=THROTTLE, task_time=None,
                workdir=None, max_array_size=None):
    """Write OUT/slurm/points.txt (one line per unfinished point: its
    directory, relative to OUT, and its options) and OUT/slurm/sweep.sbatch:
    a job array whose task i runs lines i*chunk+1 .. (i+1)*chunk one after
    the other, at most throttle tasks at once (%N). Every path in the job is
    relative to the sweep directory: the submit directory, or workdir
    (#SBATCH --chdir) when given. Returns (points to run, tasks, chunk)."""
    slurm = os.path.join(out, "slurm")
    os.makedirs(os.path.join(slurm, "logs"), exist_ok=True)
    todo = [p for p in points if not is_done(out, p)]
    lines = []
    for p in todo:
        prepare(out, binary, p)
        args = command(binary, p)[1:]
        lines.append(shlex.join([os.path.join("points", p["id"])] + args))
    with open(os.path.join(slurm, "points.txt"), "w") as f:
        f.write("".join(line + "\n" for line in lines))
    # The check a task makes before it marks a point done: the one sweep.py
    # makes, copied so that the job needs nothing but the sweep directory.
    shutil.copyfile(os.path.join(SCRIPTS, "pointcheck.py"),
                    os.path.join(slurm, "pointcheck.py"))
    sbatch = os.path.join(slurm, "sweep.sbatch")
    if os.path.exists(sbatch):
        os.remove(sbatch)
    if not lines:
        return 0, 0, 0
    limit = max_array_size or SLURM_DEFAULT_MAX_ARRAY_SIZE
    if chunk is None:
        chunk = math.ceil(len(lines) / min(len(lines), limit))
    tasks = math.ceil(len(lines) / chunk)
    if tasks > limit:
        raise SystemExit(f"sweep: --chunk {chunk} gives {tasks} array tasks for "
                         f"{len(lines)} points; the cluster's MaxArraySize is {limit} "
                         f"(use --chunk {math.ceil(len(lines) / limit)} or more)")
    chdir = f"#SBATCH --chdir={workdir}\n" if workdir else ""
    script = f"""#!/bin/bash
# tls-experiment sweep: {len(lines)} points in {tasks} array tasks of {chunk}
# (task i runs lines i*{chunk}+1 .. (i+1)*{chunk} of slurm/points.txt, one after
# the other; a point already done is skipped, so resubmitting runs the rest).
# A point is marked done only when slurm/pointcheck.py finds its files whole
# (summary.json parses, records.csv has whole rows, as many as its attempts);
# else the task names the point and what is wrong and exits 1. The tasks take
# no lock: they run in parallel, each on its own points.
# Paths are relative to the sweep directory: submit from it
#   cd SWEEP_DIR && sbatch slurm/sweep.sbatch
# or give it to sweep.py as --workdir (it becomes the job's --chdir). The program is
# $TLS_EXPERIMENT if set when the job runs, else the path below; the check runs
# with $TLS_SWEEP_PYTHON if set, else python3 (standard library only).
# Add the #SBATCH lines your cluster needs (--partition, --account, ...).
#SBATCH --job-name=tls-sweep
#SBATCH --array=0-{tasks - 1}%{throttle}
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=1
#SBATCH --time={task_time or "01:00:00"}
#SBATCH --output=slurm/logs/%A_%a.out
{chdir}set -u
program=${{TLS_EXPERIMENT:-{shlex.quote(binary)}}}
python=${{TLS_SWEEP_PYTHON:-python3}}
for file in slurm/points.txt slurm/pointcheck.py; do
    if [ ! -f "$file" ]; then
        echo "tls-sweep: no $file in $(pwd): submit from the sweep directory" >&2
        exit 1
    fi
done
first=$((SLURM_ARRAY_TASK_ID * {chunk} + 1))
last=$((first + {chunk} - 1))
status=0
run() {{
    local dir=$1 check="" arg rc
    shift
    [ -e "$dir/done" ] && return 0
    for arg in "$@"; do
        [ "$arg" = --messages=messages.csv ] && check=--messages
    done
    (cd "$dir" && exec "$program" "$@" > stdout.txt 2> stderr.txt)
    rc=$?
    if [ $rc -ne 0 ]; then
        echo "tls-sweep: point $dir failed (exit status $rc)" >&2
        status=1
    elif ! "$python" slurm/pointcheck.py "$dir" $check; then
        echo "tls-sweep: point $dir failed (exit status 0 but its output is not whole)" >&2
        status=1
    else
        touch "$dir/done"
    fi
}}
while IFS= read -r line; do
    eval "run $line"
done < <(sed -n "${{first}},${{last}}p" slurm/points.txt)
exit $status
"""
    with open(sbatch, "w") as f:
        f.write(script)
    return len(lines), tasks, chunk


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


#: Record columns that the figures and the summary table read: all that
#: --rows point keeps of each handshake in memory.
FIGURE_COLUMNS = ("latency_ms", "resumed", "outcome", "alert", "alert_sender", "chain_depth",
                  "bytes_s2c", "version", "scenario")


def collect(out, points, swept, context, keep=None):
    """Handshake rows, point rows and the CSV columns of both.

    CSV rows carry the point id, the swept options, seed and run, then the
    record columns (a record column named like a swept option is renamed
    <name>_record). In memory every row also carries the other options
    (context: {option: value}, the fixed options over the program's
    defaults) and the run's segmentSize and initialCwnd (from its summary),
    for the figures and the summary table; a handshake row is a ChainMap of
    its record over one dict its point's rows share. keep: the record
    columns to keep in memory (default all)."""
    head = ["point"] + swept + ["seed", "run"]
    handshake_rows, point_rows, record_columns, alert_names = [], [], [], set()
    for p in points:
        records, summary = read_point(out, p)
        params = {"point": p["id"], **{k: p["options"].get(k, "") for k in swept},
                  "seed": p["options"]["seed"], "run": p["options"]["run"]}
        window = tlsstats.run_window(summary)  # the run's own TCP initial window
        # One dict per point holds what its rows share (the options, the run's
        # window); each row adds its record: a ChainMap, not a copy per row.
        shared = dict(context, **params, **window)
        names = list(records[0]) if records else []
        renamed = {n: f"{n}_record" for n in names if n in head}
        for column in (renamed.get(n, n) for n in names):
            if column not in record_columns:
                record_columns.append(column)
        for record in records:
            if keep is not None:
                record = {renamed.get(n, n): v for n, v in record.items() if n in keep}
            elif renamed:
                record = {renamed.get(n, n): v for n, v in record.items()}
            handshake_rows.append(collections.ChainMap(record, shared))
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
    """Per-point statistics of the records (tlsstats: percentiles by the
    nearest rank, exact; the 95 % order-statistic interval of the median and
    of the 95th percentile); from summary.json the resumption rate (resumed /
    successful handshakes), the hit rate (resumed / sessions offered), wall
    and simulated time."""
    lat = tlsstats.latencies(records)
    stats = tlsstats.summarize(lat)

    def stat(value):
        return "" if value is None else round(value, 6)

    result = {
        "attempts": len(records),
        "ok": sum(1 for r in records if r.get("outcome") == "ok"),
        "latency_n": len(lat),
        "latency_mean_ms": stat(stats["mean"]),
        "latency_p50_ms": stat(stats["p50"]),
        "latency_p90_ms": stat(stats["p90"]),
        "latency_p95_ms": stat(stats["p95"]),
        "latency_p99_ms": stat(stats["p99"]),
        "latency_max_ms": stat(stats["max"]),
        "resumption_rate": summary.get("resumption_rate", ""),
        "resumption_hit_rate": summary.get("resumption_hit_rate", ""),
        "timeouts": sum(1 for r in records if r.get("outcome") == "timeout"),
        "wall_s": summary.get("wall_s", ""),
        "sim_s": summary.get("sim_s", ""),
    }
    for q in (50, 95):
        ci = tlsstats.percentile_ci(lat, q)
        result[f"latency_p{q}_ci_lo_ms"] = stat(ci[0] if ci else None)
        result[f"latency_p{q}_ci_hi_ms"] = stat(ci[1] if ci else None)
    return result


def write_csv(path, rows, columns):
    """Write rows (only the given columns, missing cells empty) as CSV."""
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore", restval="")
        writer.writeheader()
        writer.writerows(rows)


def draw_figures(out, rows, point_rows, swept, ladders, ladder_scale="readable",
                 defaults=None):
    """Draw the figures that apply to the swept options and the ladder of
    each ladder point (its title from its options over defaults, the
    program's option defaults); return their paths."""
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
    for ladder_point in ladders:
        if not is_done(out, ladder_point):
            continue
        messages = os.path.join(point_dir(out, ladder_point), "messages.csv")
        if os.path.exists(messages):
            options = dict({k: v for k, v in (defaults or {}).items()
                            if k in ("delay",) and tlsstats.time_ms(v) is not None},
                           **ladder_point["options"])
            title = [f"TLS {options['version']} handshake" if "version" in options
                     else "TLS handshake"]
            if tlsplots._true(options.get("mutualAuth", "")):
                title.append("mutual authentication")
            if "delay" in options:
                title.append(f"RTT {2 * tlsstats.time_ms(options['delay']):g} ms")
            add(tlsplots.ladder(tlsplots.read_csv(messages),
                                os.path.join(out, ladder_name(ladder_point, ladders)),
                                options.get("delay"), ", ".join(title), scale=ladder_scale))
    return paths


def ladder_name(point, ladders):
    """File name (no extension) of a ladder figure: "ladder", or
    "ladder_tls13" when there is one per version."""
    if len(ladders) == 1:
        return "ladder"
    return "ladder_tls" + tlsstats.tls_version(point["options"].get("version", "")).replace(".", "")


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
        median = tlsstats.percentile(lat, 50)
        analytic = tlsstats.analytic_latency_ms(version, resumed, rtt)
        lines.append(f"{version:>7} {'resumed' if resumed else 'full':>9} {rtt:7.1f} "
                     f"{len(lat):5d} {median:10.2f} {analytic:11.1f} {median / analytic:6.3f}")
    return "\n".join(lines)


# ------------------------------------------------------------------ main

def build_points(args):
    """The grid points and the ladder points of the command line: one per
    version of the grid unless the grid file or --ladder set the version."""
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
    reps = args.reps if args.reps is not None else spec.get("reps", 1)
    seed = args.seed if args.seed is not None else spec.get("seed", 1)
    try:
        combos = expand(grids, MAX_POINTS // reps)
    except TooManyPoints:
        given = "--grid " + args.grid if args.grid else "--set" if args.set else "the grid"
        combos = sum(math.prod(len(v) if isinstance(v, list) else 1 for v in g.values())
                     for g in grids)
        raise SystemExit(f"sweep: {given} gives up to {combos} combinations x {reps} "
                         f"repetition(s) (--reps): more than the {MAX_POINTS} points a "
                         "sweep may have (MAX_POINTS); split it into smaller sweeps") from None
    points = [make_point("grid", dict(options, seed=str(seed), run=str(run)))
              for options in combos for run in range(1, reps + 1)]
    ladders = []
    if not args.no_ladder:
        options = {k: option_value(v) for k, v in spec.get("ladder", {}).items()}
        for name, values in args.ladder or []:
            if len(values) > 1 or name in RESERVED:
                raise SystemExit(f"sweep: --ladder {name} takes one value and may not "
                                 f"be one of {', '.join(RESERVED)}")
            options[name] = values[0]
        if "version" in options:
            versions = [options["version"]]
        else:  # the ladder follows the swept version: one per version
            versions = list(dict.fromkeys(p["options"]["version"] for p in points
                                          if "version" in p["options"]))
        for version in versions or [None]:
            ladders.append(make_point("ladder", ladder_options(points, version, options,
                                                               seed)))
    return points, ladders


def ladder_options(points, version, given, seed):
    """The options of the ladder point of one version (None: the program's):
    the sweep's own configuration, that is the options of its first grid
    point of that version (else its first point) without LADDER_DROPPED and
    with LADDER_OPTIONS, then the given options (the grid file's "ladder",
    --ladder), seed and run 1."""
    same = [p for p in points if version is None or p["options"].get("version") == version]
    first = (same or points)[0]["options"] if points else {}
    options = {k: v for k, v in first.items()
               if k not in LADDER_DROPPED and k not in ("seed", "run")}
    options.update(LADDER_OPTIONS)
    options.update(given)
    if version is not None:
        options["version"] = version
    options.update(seed=str(seed), run="1")
    return options


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit status 1."""

    def error(self, message):
        print(f"sweep.py: {message}", file=sys.stderr)
        sys.exit(1)


def parse_args(argv=None):
    """Command line of sweep.py."""
    parser = Parser(
        description=__doc__,
        epilog="Without --grid or --set, runs the default sweep "
               f"({os.path.relpath(DEFAULT_GRID)}).",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True,
                        help="output directory (points/, results.csv, figures)")
    parser.add_argument("--build", metavar="DIR",
                        help="where tls-experiment is: a build directory "
                             "(examples/tls-experiment), an installed prefix "
                             "(bin/tls-experiment) or an ns-3 tree with the module in "
                             "contrib/tls (default: $TLS_BUILD_DIR, else "
                             f"{default_build()})")
    parser.add_argument("--grid", metavar="FILE",
                        help="grid file, JSON or TOML (.toml)")
    parser.add_argument("--set", action="append", type=parse_assignment,
                        metavar="NAME=V1[,V2...]",
                        help="experiment option and its values (repeatable), "
                             "e.g. --set version=1.2,1.3 --set delay=10ms,50ms")
    parser.add_argument("--reps", type=int,
                        help="repetitions of each point, passed as --run=1..N (default 1; "
                             f"at most {MAX_POINTS} points in all)")
    parser.add_argument("--seed", type=int,
                        help="--seed of every point, 1 to 4294967295 (default 1)")
    parser.add_argument("--jobs", type=int,
                        help=f"points run in parallel (default: {os.cpu_count() or 1}, "
                             "the cores)")
    parser.add_argument("--rows", choices=("handshake", "point"), default="handshake",
                        help="results.csv with one row per handshake (default) "
                             "or one row per point")
    parser.add_argument("--ladder", action="append", type=parse_assignment,
                        metavar="NAME=VALUE",
                        help="option of the ladder-diagram point (repeatable; default: "
                             "one handshake of the sweep's first point, one ladder per "
                             "swept version, without its load, loss, resumption and "
                             "fault options; the default sweep's: mutual authentication, "
                             "10ms one way)")
    parser.add_argument("--ladder-scale", choices=("readable", "time"),
                        help="readable: messages of one flight drawn apart so that every "
                             "label reads (default); time: the time axis to scale, one "
                             "arrow per flight")
    parser.add_argument("--no-ladder", action="store_true",
                        help="do not run the ladder-diagram point")
    parser.add_argument("--no-figures", action="store_true", help="write no figures")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--slurm", action="store_true",
                      help="write OUT/slurm/points.txt and a job-array sweep.sbatch "
                           "instead of running (runs one point here to estimate --time)")
    mode.add_argument("--merge", action="store_true",
                      help="build results.csv and figures from the finished points "
                           "of OUT (as set up by an earlier run or --slurm); runs nothing "
                           "and takes only --rows, --ladder-scale and --no-figures")
    slurm = parser.add_argument_group("Slurm (with --slurm)")
    slurm.add_argument("--workdir", metavar="DIR",
                       help="where OUT is on the cluster (#SBATCH --chdir); every path of "
                            "the job is relative to it (default: the submit directory)")
    slurm.add_argument("--chunk", type=int, metavar="K",
                       help="points per array task (default: as few as keep the array "
                            "within the cluster's MaxArraySize)")
    slurm.add_argument("--throttle", type=int, metavar="N",
                       help=f"array tasks running at once, %%N (default: {THROTTLE})")
    slurm.add_argument("--time", metavar="TIME",
                       help="--time of a task (default: 3x its points' measured time, "
                            "at least 5 minutes)")
    args = parser.parse_args(argv)
    if args.reps is not None and not 1 <= args.reps <= MAX_POINTS:
        parser.error(f"--reps must be from 1 to {MAX_POINTS} (the most points a sweep "
                     f"may have), got {args.reps}")
    if args.seed is not None and not SEED_RANGE[0] <= args.seed <= SEED_RANGE[1]:
        parser.error(f"--seed must be a whole number from {SEED_RANGE[0]} to "
                     f"{SEED_RANGE[1]} (as tls-experiment --seed), got {args.seed}")
    if args.jobs is not None and args.jobs < 1:
        parser.error(f"--jobs must be at least 1, got {args.jobs}")
    for name in ("chunk", "throttle"):
        if getattr(args, name) is not None and getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1, got {getattr(args, name)}")
    if args.time is not None and not re.fullmatch(
            r"(\d+-)?\d+(:\d{1,2}){0,2}|\d+-\d+", args.time):
        parser.error(f"--time {args.time!r}: expected a Slurm time (MM, MM:SS, HH:MM:SS, "
                     "D-HH, D-HH:MM or D-HH:MM:SS)")
    if not args.slurm:
        given = [n for n in ("workdir", "chunk", "throttle", "time")
                 if getattr(args, n) is not None]
        if given:
            parser.error(f"--{given[0]} applies only with --slurm")
    for option in ("set", "ladder"):
        first = {}
        for name, values in getattr(args, option) or []:
            if name in first:
                parser.error(
                    f"--{option} {name}={','.join(values)} repeats --{option} "
                    f"{name}={','.join(first[name])}, which it would replace: "
                    + ("give one --set with the values separated by commas, --set "
                       f"{name}={','.join(first[name] + values)}" if option == "set" else
                       "the ladder point takes one value per option"))
            first[name] = values
    if args.no_ladder:
        given = [f"--ladder {n}={','.join(v)}" for n, v in args.ladder or []]
        if args.ladder_scale is not None:
            given.append(f"--ladder-scale {args.ladder_scale}")
        if given:
            parser.error(f"{given[0]} has no effect with --no-ladder (no ladder point "
                         "is run)")
    if args.no_figures and args.ladder_scale is not None:
        parser.error(f"--ladder-scale {args.ladder_scale} has no effect with --no-figures "
                     "(no ladder diagram is drawn)")
    if args.merge:
        # --merge reads the points of OUT/sweep.json and runs nothing: the
        # options that make or run points would be ignored.
        given = [f"--set {n}={','.join(v)}" for n, v in args.set or []]
        given += [f"--{n}" for n in ("reps", "seed", "grid") if getattr(args, n) is not None]
        given += [f"--ladder {n}={','.join(v)}" for n, v in args.ladder or []]
        given += ["--no-ladder"] if args.no_ladder else []
        given += [f"--{n}" for n in ("jobs", "build") if getattr(args, n) is not None]
        if given:
            value = {"--grid": args.grid, "--reps": args.reps, "--seed": args.seed,
                     "--jobs": args.jobs, "--build": args.build}.get(given[0])
            parser.error(f"{given[0]}{'' if value is None else f' {value}'} has no effect "
                         "with --merge, which merges the points of OUT/sweep.json as they "
                         "were set up and runs nothing (allowed: --rows, --ladder-scale, "
                         "--no-figures)")
    if args.slurm and args.jobs is not None:
        parser.error(f"--jobs {args.jobs} has no effect with --slurm (each array task "
                     "runs its points one after another; --chunk sets how many)")
    if args.build is None:
        args.build = default_build()
    if args.jobs is None:
        args.jobs = os.cpu_count() or 1
    if args.throttle is None:
        args.throttle = THROTTLE
    args.ladder_scale_given = args.ladder_scale is not None
    if args.ladder_scale is None:
        args.ladder_scale = "readable"
    return args


def new_manifest(args, binary):
    """Set up a sweep from the command line: check the options against the
    program, write OUT/sweep.json (the points, the ladder points and the
    program's option defaults) and return it."""
    points, ladders = build_points(args)  # a bad grid is refused before anything else
    if not args.slurm and not os.access(binary, os.X_OK):
        raise SystemExit(f"sweep: {binary} not found; build the module first "
                         "(scripts/build.sh) or pass --build / TLS_BUILD_DIR")
    defaults = option_defaults(binary) if os.access(binary, os.X_OK) else {}
    used = {k for p in points + ladders for k in p["options"]}
    unknown = sorted(k for k in used - set(defaults) if not is_attribute_path(k)) \
        if defaults else []
    if unknown:
        raise SystemExit(f"sweep: tls-experiment has no option {', '.join(unknown)}")
    if os.access(binary, os.X_OK):
        check_attribute_values(binary, points + ladders)
    manifest = {"points": points, "ladders": ladders, "defaults": defaults}
    try:
        os.makedirs(args.out, exist_ok=True)
        lock_out(args.out)  # before sweep.json: another sweep's stays as it is
        with open(os.path.join(args.out, "sweep.json"), "w") as f:
            json.dump(manifest, f, indent=1)
            f.write("\n")
    except OSError as e:
        raise SystemExit(f"sweep: --out {args.out}: cannot write {e.filename or args.out} "
                         f"({e.strerror or e}); expected a writable directory") from None
    return manifest


#: The lock file of a sweep directory (flock, held by the sweep.py that runs,
#: sets up or merges OUT; never by Slurm array tasks).
LOCK_NAME = ".sweep.lock"
_LOCKS = {}  # OUT -> descriptor of its lock file, while this process holds it


def lock_out(out):
    """Hold OUT's lock (fcntl.flock on OUT/.sweep.lock, exclusive) until
    unlock_out or the end of this process; when another sweep.py holds it,
    end in one line: two sweeps on one directory would remove each other's
    points and overwrite sweep.json. Slurm array tasks take no lock: they
    run in parallel, each on its own points."""
    if out in _LOCKS:
        return
    path = os.path.join(out, LOCK_NAME)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as e:
        raise SystemExit(f"sweep: --out {out}: cannot create {path} ({e.strerror or e}); "
                         "expected a writable directory") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        try:
            holder = os.read(fd, 64).decode(errors="replace").strip()
        except OSError:
            holder = ""
        os.close(fd)
        pid = f"pid {holder}, " if holder.isdigit() else ""
        raise SystemExit(f"sweep: --out {out} is in use by another sweep ({pid}holding "
                         f"{path}): one sweep at a time per directory; wait for it to end "
                         "or use another --out") from None
    except OSError as e:  # a file system without locks
        os.close(fd)
        print(f"sweep: warning: cannot lock {path} ({e.strerror or e}); make sure no other "
              f"sweep uses --out {out} meanwhile", file=sys.stderr)
        return
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode())
    _LOCKS[out] = fd


def unlock_out(out):
    """Release OUT's lock if this process holds it (the file stays: removing
    it could let two sweeps lock two different files)."""
    fd = _LOCKS.pop(out, None)
    if fd is not None:
        os.close(fd)


def _manifest_points(path, manifest, key):
    """The list of points under key of a manifest, checked: each an object
    with an "id" (a directory name under points/) and "options" (strings)."""
    points = manifest[key]
    if not isinstance(points, list):
        raise SystemExit(f"sweep: --merge: {path}: \"{key}\" is "
                         f"{_kind(points)}, "
                         "expected a list of points")
    for i, p in enumerate(points):
        what = f"{key}[{i}]"
        if not isinstance(p, dict):
            raise SystemExit(f"sweep: --merge: {path}: {what} is {_kind(p)}, "
                             "expected an object with \"id\" and \"options\"")
        if not isinstance(p.get("id"), str) or not re.fullmatch(r"[0-9A-Za-z_-]+", p["id"]):
            raise SystemExit(f"sweep: --merge: {path}: {what} has no \"id\" (expected a "
                             "point directory name of letters, digits, _ and -)")
        options = p.get("options")
        if not isinstance(options, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in options.items()):
            raise SystemExit(f"sweep: --merge: {path}: {what} has no \"options\" (expected "
                             "an object of option: string)")
        missing = [k for k in ("seed", "run") if k not in options]
        if missing:
            raise SystemExit(f"sweep: --merge: {path}: {what} options lack "
                             f"{' and '.join(missing)} (every point has seed and run)")
        p.setdefault("kind", "ladder" if key == "ladders" else "grid")
    return points


def read_manifest(out):
    """The OUT/sweep.json of an earlier run or --slurm, checked: anything that
    is not the manifest sweep.py writes ends the merge in one line."""
    path = os.path.join(out, "sweep.json")
    try:
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
    except FileNotFoundError:
        raise SystemExit(f"sweep: --merge: {path} not found: nothing to merge (expected "
                         "the sweep.json of an earlier run or --slurm)") from None
    except OSError as e:
        raise SystemExit(f"sweep: --merge: {path}: cannot read it ({e.strerror or e})") \
            from None
    except (ValueError, RecursionError) as e:
        reason = "nested too deeply" if isinstance(e, RecursionError) else \
            str(e).splitlines()[0] if str(e) else type(e).__name__
        raise SystemExit(f"sweep: --merge: {path}: not JSON ({reason}); expected the "
                         "sweep.json of an earlier run or --slurm") from None
    if not isinstance(manifest, dict) or "points" not in manifest:
        raise SystemExit(f"sweep: --merge: {path}: no \"points\" (expected an object with "
                         "\"points\", \"ladders\" and \"defaults\", as sweep.py writes it)")
    if "ladders" not in manifest:  # written by an older sweep.py
        manifest["ladders"] = [manifest["ladder"]] if manifest.get("ladder") else []
    _manifest_points(path, manifest, "points")
    _manifest_points(path, manifest, "ladders")
    defaults = manifest.get("defaults", {})
    if not isinstance(defaults, dict) or not all(
            isinstance(v, str) for v in defaults.values()):
        raise SystemExit(f"sweep: --merge: {path}: \"defaults\" is not an object of "
                         "option: string")
    return manifest


def report(args, manifest):
    """Write results.csv and the figures from the finished points, print
    where they are and the summary table; return the exit status."""
    out, points, ladders = args.out, manifest["points"], manifest["ladders"]
    finished = [p for p in points if is_done(out, p)]
    refuse_broken_points(out, finished + [p for p in ladders if is_done(out, p)],
                         "sweep: --merge: " if args.merge else "sweep: ")
    if len(finished) < len(points):
        print(f"sweep: {len(points) - len(finished)} of {len(points)} points are not "
              "finished; results hold the others", file=sys.stderr)
    swept, fixed = swept_and_fixed(points)
    context = {k: v for k, v in manifest.get("defaults", {}).items() if v != ""}
    context.update(fixed)
    rows, columns, point_rows, point_columns = collect(
        out, finished, swept, context, FIGURE_COLUMNS if args.rows == "point" else None)
    results = os.path.join(out, "results.csv")
    if args.rows == "point":
        write_csv(results, point_rows, point_columns)
    else:
        write_csv(results, rows, columns)
    print(f"results: {results} ({len(rows) if args.rows == 'handshake' else len(point_rows)}"
          f" rows, one per {args.rows}; swept: {', '.join(swept) or 'nothing'})")
    if not args.no_figures:
        for path in draw_figures(out, rows, point_rows, swept, ladders,
                                 args.ladder_scale, manifest.get("defaults")):
            print(f"figure:  {path}")
    table = summary_table(rows)
    if table:
        print("\n" + table)
    complete = len(finished) == len(points) and all(is_done(out, p) for p in ladders)
    return 0 if complete else 1


def refuse_broken_points(out, points, prefix):
    """End the sweep in one line when a point marked done has files that are
    not whole (pointcheck: a short or half row, rows that disagree with
    summary.json's attempts, a summary that does not parse): results built
    from them would lose handshakes without a word."""
    broken = [(p, problem) for p in points for problem in [check_point(out, p)] if problem]
    if not broken:
        return
    (point, problem), rest = broken[0], broken[1:]
    directory = point_dir(out, point)
    more = ""
    if rest:
        ids = ", ".join(p["id"] for p, _ in rest[:5]) + (", ..." if len(rest) > 5 else "")
        more = f"; {len(rest)} more point(s) fail the check ({ids})"
    raise SystemExit(f"{prefix}point {directory} is marked done but its output is not "
                     f"whole: {problem}{more}; nothing merged: remove the point's "
                     "directory and run the sweep (or resubmit the array) to run it again")


def resume_command(argv):
    """The command line that resumes this sweep (the same one)."""
    return shlex.join([sys.executable, os.path.abspath(__file__)] + list(argv))


def slurm_setup(args, binary, everything):
    """--slurm: measure one point here, write the job array, print how to
    submit and merge; return the exit status."""
    if not os.access(binary, os.X_OK):
        print(f"sweep: warning: {binary} does not exist here", file=sys.stderr)
    limit, source = slurm_max_array_size()
    task_time = args.time
    todo = [p for p in everything if not is_done(args.out, p)]
    chunk = args.chunk or math.ceil(len(todo) / min(len(todo), limit)) if todo else 1
    if task_time is None and todo:
        measured = measure_point(args.out, binary, everything)
        if measured is None:
            task_time = "01:00:00"
            print("sweep: no point could run here to measure its time; --time 01:00:00 "
                  "(set --time)", file=sys.stderr)
        else:
            task_time = estimate_task_time(measured, chunk)
            print(f"sweep: one point took {measured:.1f} s here; --time {task_time} for "
                  f"{chunk} point(s) per task", file=sys.stderr)
    n, tasks, chunk = write_slurm(args.out, binary, everything, chunk, args.throttle,
                                  task_time, args.workdir, limit)
    slurm = os.path.join(args.out, "slurm")
    if n == 0:
        print(f"sweep: all {len(everything)} points are done; merge with:")
    else:
        where = args.workdir or args.out
        print(f"sweep: {n} points in {tasks} array tasks of {chunk} "
              f"(MaxArraySize {limit}, {source}), at most {args.throttle} at once: "
              f"{slurm}/points.txt\n"
              f"submit:  cd {shlex.quote(where)} && sbatch slurm/sweep.sbatch\n"
              "then merge with:")
    merge = ["--merge"] + (["--rows", args.rows] if args.rows != "handshake" else [])
    merge += ["--ladder-scale", args.ladder_scale] if args.ladder_scale != "readable" else []
    merge += ["--no-figures"] if args.no_figures else []
    print(f"  {shlex.quote(os.path.abspath(__file__))} --out {shlex.quote(args.out)} "
          f"{shlex.join(merge)}")
    return 0


def main(argv=None):
    """Run, prepare or merge a sweep; return the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    binary = os.path.abspath(binary_path(args.build))
    if os.path.exists(args.out) and not os.path.isdir(args.out):
        raise SystemExit(f"sweep: --out {args.out} is an existing file (expected a "
                         "directory, existing or new)")
    if args.merge:
        manifest = read_manifest(args.out)
        if args.ladder_scale_given and not manifest["ladders"]:
            raise SystemExit(f"sweep: --ladder-scale {args.ladder_scale} has no effect: "
                             f"{os.path.join(args.out, 'sweep.json')} has no ladder points")
        lock_out(args.out)
        try:
            return report(args, manifest)
        finally:
            unlock_out(args.out)
    manifest = new_manifest(args, binary)  # holds the lock of OUT from here on
    try:
        return run_or_slurm(args, argv, binary, manifest)
    finally:
        unlock_out(args.out)


def run_or_slurm(args, argv, binary, manifest):
    """Run the points of a new manifest here and report, or write the Slurm
    job array; return the exit status."""
    everything = manifest["points"] + manifest["ladders"]
    try:
        if args.slurm:
            return slurm_setup(args, binary, everything)
        failed = run_points(args.out, binary, everything, args.jobs)
    except Interrupted as stop:
        done = sum(1 for p in everything if is_done(args.out, p))
        print(f"sweep: stopped by {stop}: {done} of {len(everything)} points done "
              f"(kept in {os.path.join(args.out, 'points')}), "
              f"{len(everything) - done} not run or stopped (their output removed).\n"
              f"resume with the same command; it runs only the missing points:\n"
              f"  {resume_command(argv)}", file=sys.stderr)
        return 128 + stop.signum
    if failed and len(failed) == len(everything):
        return 1
    return report(args, manifest)


if __name__ == "__main__":
    sys.exit(main())
