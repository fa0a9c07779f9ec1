"""The package installed from a built wheel (not the source tree) finds its queries and data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CHECK = r"""
import sys, pathlib
import graphkit
from graphkit.queries import query_dir, query_text
from graphkit.config import Settings
from graphkit.export.html import render_map
here = pathlib.Path(graphkit.__file__).resolve()
assert str(here).startswith(sys.argv[1]), here
assert "graphkit/_queries" in str(query_dir()).replace("\\", "/"), query_dir()
for name in ("neighbors", "path", "evidence"):
    assert "$" in query_text(name)
s = Settings()
assert "IN_CONTACT_WITH" in s.vocabulary and s.gazetteer and s.label_map and s.demonyms
page = render_map([{"id": "a", "label": "A", "type": "PERSON"}], [], title="t")
assert "vis" in page and len(page) > 100000
print("ok", here)
"""


@pytest.mark.slow
def test_wheel_install_finds_queries_and_data(tmp_path):
    dist = tmp_path / "dist"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(dist),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if build.returncode != 0 and "No module named 'hatchling'" in build.stderr + build.stdout:
        build = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(dist), str(ROOT)],
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert build.returncode == 0, build.stdout + build.stderr
    wheel = next(dist.glob("graphkit-*.whl"))
    target = tmp_path / "site"
    inst = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert inst.returncode == 0, inst.stdout + inst.stderr
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(target)
    run = subprocess.run(
        [sys.executable, "-c", CHECK, str(target)],
        cwd=tmp_path,  # not the checkout: nothing may be read from the working directory
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith("ok")
