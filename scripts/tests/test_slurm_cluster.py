"""sweep.py --slurm on a real Slurm: a one-node cluster on localhost
(scripts/slurm-local.sh: slurmctld, slurmd and munged from Debian, a
generated slurm.conf), a 40-point sweep submitted as a job array, merged, and
compared row for row with the local run of the same grid.

Runs when TLS_SLURM_TEST=1 (the ctest entry tls-slurm sets it) and the Slurm
daemons are installed (scripts/install-deps.sh installs them).
"""

import os
import shutil
import subprocess
import sys
import time

import pytest

from test_sweep import SWEEP, read_rows, run_sweep

SLURM_LOCAL = os.path.join(os.path.dirname(SWEEP), "slurm-local.sh")
#: 2 versions x 2 delays x 5 loss rates x 2 repetitions = 40 points.
GRID = ["--set", "version=1.2,1.3", "--set", "delay=5ms,20ms",
        "--set", "loss=0,0.01,0.02,0.05,0.1", "--set", "clients=2",
        "--set", "handshakes=12", "--reps", "2", "--no-ladder", "--no-figures"]

pytestmark = pytest.mark.skipif(
    os.environ.get("TLS_SLURM_TEST") != "1" or not shutil.which("slurmctld"),
    reason="set TLS_SLURM_TEST=1 with slurmctld, slurmd and munge installed")


@pytest.fixture()
def cluster(tmp_path):
    """A running one-node cluster; its environment. Stopped afterwards."""
    state = tmp_path / "slurm"
    started = subprocess.run([SLURM_LOCAL, "start", str(state)], capture_output=True,
                             text=True, timeout=120, check=False)
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        env = dict(os.environ, SLURM_CONF=str(state / "slurm.conf"))
        yield env
    finally:
        subprocess.run([SLURM_LOCAL, "stop", str(state)], timeout=60, check=False)
        for name in ("slurmd", "slurmctld", "munged"):
            assert not (state / f"{name}.pid").exists()


def test_slurm_array_equals_local_run(build_dir, tmp_path, cluster):
    local = tmp_path / "local"
    run_sweep(build_dir, local, *GRID, "--jobs", "2")

    remote = tmp_path / "remote"
    setup = subprocess.run([sys.executable, SWEEP, "--out", str(remote), "--build", build_dir,
                            *GRID, "--slurm", "--chunk", "4", "--throttle", "2"],
                           capture_output=True, text=True, timeout=300, env=cluster,
                           check=False)
    assert setup.returncode == 0, setup.stderr
    # One point ran here to measure the time; 39 in 10 tasks of 4.
    assert "one point took" in setup.stderr
    assert "39 points in 10 array tasks of 4 (MaxArraySize 1001, scontrol show config)" \
        in setup.stdout
    sbatch = (remote / "slurm" / "sweep.sbatch").read_text()
    assert "#SBATCH --array=0-9%2\n" in sbatch
    assert "#SBATCH --time=00:05:00\n" in sbatch  # 3 x 4 x a short point: the minimum
    submit = subprocess.run(["sbatch", "--parsable", "--wait", "slurm/sweep.sbatch"],
                            cwd=remote, capture_output=True, text=True, timeout=240,
                            env=cluster, check=False)
    assert submit.returncode == 0, submit.stdout + submit.stderr + "".join(
        p.read_text() for p in (remote / "slurm" / "logs").glob("*"))
    job = submit.stdout.strip().split(";")[0]
    # The array's ten tasks each wrote a log.
    logs = sorted(p.name for p in (remote / "slurm" / "logs").glob(f"{job}_*.out"))
    assert len(logs) == 10, logs
    assert len(list(remote.glob("points/*/done"))) == 40

    merge = subprocess.run([sys.executable, SWEEP, "--out", str(remote), "--merge",
                            "--no-figures"], capture_output=True, text=True, timeout=120,
                           check=False)
    assert merge.returncode == 0, merge.stderr
    local_header, local_rows = read_rows(local / "results.csv")
    remote_header, remote_rows = read_rows(remote / "results.csv")
    assert remote_header == local_header
    assert len(remote_rows) == len(local_rows) == 40 * 12
    for i, (a, b) in enumerate(zip(local_rows, remote_rows)):
        assert a == b, f"row {i + 1} differs"
