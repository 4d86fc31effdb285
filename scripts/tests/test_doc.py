"""doc/tls.rst builds with Sphinx as CI builds it, warnings as errors:

    sphinx-build -W -b html doc /tmp/tls-doc

(Debian's python3-sphinx; doc/conf.py names tls.rst the root document), and
every adornment line of the source underlines a title: a stray ``=======``
after a paragraph is not a warning for Sphinx, but it turns the line before
it into text and hides the heading after it.
"""

import os
import re
import shutil
import subprocess

import pytest

from conftest import MODULE_ROOT

DOC = os.path.join(MODULE_ROOT, "doc")
RST = os.path.join(DOC, "tls.rst")
#: A section adornment: one punctuation character repeated, four or more times.
ADORNMENT = re.compile(r"^([=*#~^\"+`'.:_-])\1{3,}\s*$")


def test_every_adornment_underlines_a_title():
    with open(RST, encoding="utf-8") as f:
        lines = f.read().splitlines()
    problems = []
    for i, line in enumerate(lines):
        if not ADORNMENT.match(line):
            continue
        title = lines[i - 1] if i else ""
        above = lines[i - 2] if i >= 2 else ""
        if not title.strip() or title[0].isspace():
            problems.append(f"line {i + 1}: {line.strip()[:8]}... under no title")
        elif above.strip() and not ADORNMENT.match(above):
            problems.append(f"line {i + 1}: {line.strip()[:8]}... under {title.strip()!r}, "
                            "which continues a paragraph (no blank line before it)")
        elif len(line.rstrip()) < len(title.rstrip()):
            problems.append(f"line {i + 1}: the underline of {title.strip()!r} is shorter "
                            "than the title")
    assert problems == []


@pytest.mark.skipif(not shutil.which("sphinx-build", path="/usr/bin"),
                    reason="Debian's python3-sphinx is not installed")
def test_sphinx_build_without_warnings(tmp_path):
    result = subprocess.run(["/usr/bin/sphinx-build", "-W", "-q", "-b", "html", DOC,
                             str(tmp_path / "html")],
                            capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (tmp_path / "html" / "tls.html").read_text(encoding="utf-8")
    # The chapter the stray line used to hide is a heading of its own.
    assert re.search(r"<h\d>Post-quantum TLS \(OpenSSL 3\.5\)", html)
    assert re.search(r"<h\d>The Linux profile", html)
