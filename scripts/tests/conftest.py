"""Shared fixtures of the sweep and figure tests.

The simulator is found in $TLS_BUILD_DIR/examples/tls-experiment, by default
in the build/ directory of the module; tests that need it are skipped when it
has not been built.
"""

import os
import sys

import pytest

SCRIPTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODULE_ROOT = os.path.dirname(SCRIPTS)
sys.path.insert(0, SCRIPTS)


@pytest.fixture(scope="session")
def build_dir():
    """Build directory with an executable examples/tls-experiment, or skip."""
    build = os.environ.get("TLS_BUILD_DIR", os.path.join(MODULE_ROOT, "build"))
    binary = os.path.join(build, "examples", "tls-experiment")
    if not os.access(binary, os.X_OK):
        pytest.skip(f"{binary} is not built: build the module (scripts/build.sh) "
                    "or point TLS_BUILD_DIR at a build directory")
    return build
