"""Every chapter runs as a notebook, as a reader runs it on Binder or locally: read with
jupytext, executed by nbclient in a fresh kernel whose working directory is ``chapters/``.
A cell that raises fails the test with the cell's source and the error."""
from __future__ import annotations

from pathlib import Path

import jupytext
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("*.md"))


def test_there_are_chapters_to_run():
    assert CHAPTERS


@pytest.mark.build  # a kernel per chapter: part of a build, not of the quick unit tests
@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_chapter_runs_as_a_notebook(path):
    notebook = jupytext.read(path)
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    assert notebook.metadata["jupytext"]["text_representation"]["extension"] == ".md"
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert code, f"{path.name} has no code cell: every figure of a chapter is computed"
    client = NotebookClient(notebook, timeout=300, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellExecutionError as exc:
        pytest.fail(f"{path.name} fails when run as a notebook:\n{exc}", pytrace=False)
    errors = [o for c in code for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
