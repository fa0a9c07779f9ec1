"""The analyst notebook runs top to bottom on the embedded store, and is committed stripped."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "analyst-walkthrough.ipynb"


def test_notebook_is_committed_without_outputs():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code
    for c in code:
        assert c.get("outputs") == [] and c.get("execution_count") is None, c["source"][:1]


@pytest.mark.slow
def test_notebook_runs_top_to_bottom(tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    # the kernel is this interpreter (the venv with graphkit), whatever kernels are installed
    spec_dir = tmp_path / "jupyter" / "kernels" / "graphkit-test"
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "graphkit test",
                "language": "python",
            }
        )
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("GRAPHKIT_SAMPLES", str(ROOT / "data" / "samples"))
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    work = tmp_path / "work"
    work.mkdir()
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        timeout=600,
        kernel_name="graphkit-test",
        resources={"metadata": {"path": str(work)}},
    )
    client.execute(cwd=str(work), env=dict(os.environ))
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "Vladimir Putin" in html and "Dmitry Peskov" in html
    frame = html.split("<iframe srcdoc=", 1)[1]
    assert "Analyst walkthrough" in frame and "vis.Network" in frame  # the map page, inlined
    assert "src=&quot;http" not in frame  # no script or style fetched from the network
