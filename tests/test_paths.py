"""The package finds the book's root from the root, from chapters/, and from elsewhere."""
import os
import subprocess
import sys

from edition import paths


def _root_seen_from(cwd, env=None):
    code = "from edition import paths; print(paths.book_root())"
    out = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True,
                         env={**os.environ, **(env or {})})
    return out


def test_root_from_the_chapters_folder(root):
    assert _root_seen_from(root / "chapters").stdout.strip() == str(root)


def test_root_from_an_unrelated_folder_falls_back_to_the_package(root, tmp_path):
    assert _root_seen_from(tmp_path).stdout.strip() == str(root)


def test_edition_root_override_must_be_a_book(tmp_path):
    out = _root_seen_from(tmp_path, {"EDITION_ROOT": str(tmp_path)})
    assert out.returncode != 0 and "is not the book's root" in out.stderr


def test_paths_point_inside_the_root(root):
    assert paths.data_dir() == root / "data"
    assert paths.bibliography_path().is_file()
    assert paths.datapackage_path().parent == paths.data_dir()
