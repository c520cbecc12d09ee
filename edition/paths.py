"""Where the book's files are: the one module that knows paths.

The root is found by walking up from the working directory (a notebook run from
``chapters/``, a Sphinx build, pytest) and then from this file, to the first folder that
holds both ``_config.yml`` and ``_toc.yml``. ``EDITION_ROOT`` overrides the search.
"""
from __future__ import annotations

import os
from functools import cache
from pathlib import Path

MARKERS = ("_config.yml", "_toc.yml")


def _is_root(folder: Path) -> bool:
    return all((folder / m).is_file() for m in MARKERS)


@cache
def book_root() -> Path:
    """The folder of the book (the one holding ``_config.yml`` and ``_toc.yml``)."""
    override = os.environ.get("EDITION_ROOT")
    if override:
        root = Path(override).resolve()
        if not _is_root(root):
            raise FileNotFoundError(
                f"EDITION_ROOT={override!r} is not the book's root: it lacks {' or '.join(MARKERS)}."
            )
        return root
    for start in (Path.cwd().resolve(), Path(__file__).resolve().parent):
        for folder in (start, *start.parents):
            if _is_root(folder):
                return folder
    raise FileNotFoundError(
        "Cannot find the book's root (a folder with _config.yml and _toc.yml) above "
        f"{Path.cwd()} or {Path(__file__).parent}; run from inside the book or set EDITION_ROOT."
    )


def data_dir() -> Path:
    return book_root() / "data"


def datapackage_path() -> Path:
    return data_dir() / "datapackage.json"


def bibliography_path() -> Path:
    return book_root() / "references.bib"


def chapters_dir() -> Path:
    return book_root() / "chapters"


def static_dir() -> Path:
    return book_root() / "_static"
