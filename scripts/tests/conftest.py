"""Shared fixtures of the sweep and figure tests.

The simulator is found in $TLS_BUILD_DIR (a standalone build directory, an
installed prefix or an ns-3 tree with the module in contrib/tls, as sweep.py
finds it), by default in the build/ directory of the module; tests that need it
are skipped when it has not been built.
"""

import os
import sys

import pytest

SCRIPTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODULE_ROOT = os.path.dirname(SCRIPTS)
sys.path.insert(0, SCRIPTS)


@pytest.fixture(scope="session")
def build_dir():
    """Build directory with an executable tls-experiment, or skip."""
    import sweep  # noqa: E402  (next to the tests' parent directory)
    build = os.environ.get("TLS_BUILD_DIR", os.path.join(MODULE_ROOT, "build"))
    binary = sweep.binary_path(build)
    if not os.access(binary, os.X_OK):
        pytest.skip(f"{binary} is not built: build the module (scripts/build.sh) "
                    "or point TLS_BUILD_DIR at a build directory")
    return build
