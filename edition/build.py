"""``python -m edition.build``: the strict build of ``make book``, safe for the last good site.

Three decisions:

* **Check the inputs first.** Every resource of the data package and ``references.bib``
  is validated before Sphinx starts (:func:`preflight`), so a data mistake is reported
  as the file, row and column that hold it, not as a traceback in whichever chapter
  happened to load it first.
* **Build beside the site, then swap.** Sphinx writes into ``_build/.staging/html``
  (emptied first, so a page dropped from ``_toc.yml`` is not carried over) while reusing
  ``_build/.doctrees`` and ``_build/.jupyter_cache``, so a rebuild only re-reads and
  re-executes what changed. Only a build that passes with warnings as errors replaces
  ``_build/html``; a failed build leaves the last good site as it was.
* **The cause at the end.** Sphinx's output goes to ``_build/build.log``. When the build
  fails, the last lines printed are the problems, each once, in plain words: the
  warnings Sphinx raised and the error a failing cell ended with (read from the
  notebook's traceback report), without the tracebacks themselves.

``python -m edition.build --sphinx`` is the inner step (the Sphinx build alone), run in a
subprocess so its output can be captured whole.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ANSI = re.compile(r"\x1b\[[0-9;]*m")
WARNING = re.compile(r"^(?P<where>\S.*?)?:?\s*(?:WARNING|ERROR|CRITICAL): (?P<message>.*)$")
SAVED_TRACEBACK = re.compile(r"(?:traceback saved in|full traceback has been saved in):?\s*(?P<path>\S+?\.log)",
                             re.I)
EXCEPTION_LINE = re.compile(r"^(?:[\w.]+\.)?(?P<kind>\w*(?:Error|Exception)): (?P<message>.+)$")
# Exceptions that only wrap the cause (a failing cell, a warning turned into an error).
WRAPPERS = {"ExecutionError", "CellExecutionError", "SphinxWarning", "SphinxParallelError", "ExtensionError"}
# Notices that only point elsewhere: the problems they point to are reported themselves.
POINTERS = ("Notebook exception traceback saved in", "Executing notebook failed",
            "Look above for the cause", "please report", "Couldn't find cache key")


def layout(root: Path) -> dict[str, Path]:
    build = root / "_build"
    return {"build": build, "html": build / "html", "staging": build / ".staging" / "html",
            "doctrees": build / ".doctrees", "cache": build / ".jupyter_cache", "log": build / "build.log"}


def preflight() -> list[str]:
    """Every problem of the data package and the bibliography, one line each (empty when sound)."""
    from edition import data

    try:
        names = data.resource_names()
        data.bib_keys()
    except data.DataError as exc:
        return str(exc).splitlines()
    problems = []
    for name in names:
        problems.extend(str(problem) for problem in data.validate(name))
    return problems


def sphinx_build(root: Path) -> int:
    """The inner step: Sphinx, strict, into the staging directory."""
    from jupyter_book.sphinx import build_sphinx

    where = layout(root)
    result = build_sphinx(
        root, where["staging"], doctreedir=where["doctrees"], noconfig=True,
        path_config=root / "_config.yml", use_external_toc=True,
        confoverrides={"external_toc_path": (root / "_toc.yml").as_posix(), "nitpicky": True,
                       "nb_execution_cache_path": str(where["cache"]), "latex_individualpages": False},
        builder="html", warningiserror=True, keep_going=True)
    return result if isinstance(result, int) else 1


def _relative(text: str, root: Path) -> str:
    return text.replace(f"{root}/", "").replace(str(root), ".")


def _last_exception(report: Path | str) -> str | None:
    """The message a traceback (a report file, or text) ends with (``DataError: data/x.csv, line 3 ...``)."""
    try:
        text = report.read_text(encoding="utf-8", errors="replace") if isinstance(report, Path) else report
    except OSError:
        return None
    lines = ANSI.sub("", text).splitlines()
    found = [(i, match) for i, line in enumerate(lines) if (match := EXCEPTION_LINE.match(line.strip()))]
    causes = [(i, match) for i, match in found if match["kind"] not in WRAPPERS] or found
    if not causes:
        return None
    i, match = causes[-1]
    message = [f"{match['kind']}: {match['message']}"]
    for line in lines[i + 1:]:  # a DataError lists one problem a line
        if not line.strip() or line.startswith((" ", "-", "The above", "Traceback")):
            break
        message.append(line.strip())
    return " | ".join(message)


def problems_in(log: str, root: Path) -> list[str]:
    """The problems a failed Sphinx run reported, in order, each once, in plain words."""
    found: list[str] = []
    page = ""
    for raw in ANSI.sub("", log).splitlines():
        line = raw.strip()
        saved = SAVED_TRACEBACK.search(line)
        if saved:
            cause = _last_exception(Path(saved["path"]))
            if cause:
                found.append(f"{page}: {cause}" if page else cause)
            continue
        match = WARNING.match(line)
        if not match:
            continue
        where = _relative(match["where"] or "", root)
        message = _relative(match["message"], root)
        if "Executing notebook failed" in message and where:
            page = where.split(":")[0]
        if any(pointer in message for pointer in POINTERS):
            continue
        found.append(f"{where}: {message}" if where else message)
    unique = list(dict.fromkeys(found))
    return unique or [_last_exception(log) or "Sphinx stopped without a message the build could read; see the full log."]


def swap_in(staging: Path, html: Path) -> None:
    """Replace the published site by the staged one with two renames (no half-written site)."""
    previous = html.with_name(".html-previous")
    shutil.rmtree(previous, ignore_errors=True)
    if html.exists():
        html.rename(previous)
    staging.rename(html)
    shutil.rmtree(previous, ignore_errors=True)


def report_failure(problems: list[str], log: Path | None, root: Path) -> None:
    if log is not None:
        print(f"Full build log: {_relative(str(log), root)}")
    print(f"The book was NOT built; _build/html still holds the last good site. "
          f"{len(problems)} problem(s) to fix:")
    for problem in problems:
        print(f"  - {problem}")


def build(root: Path) -> int:
    where = layout(root)
    os.environ["EDITION_ROOT"] = str(root)
    problems = preflight()
    if problems:
        report_failure(problems, None, root)
        return 1
    shutil.rmtree(where["staging"], ignore_errors=True)
    where["staging"].parent.mkdir(parents=True, exist_ok=True)
    print(f"Building the book (strict); output goes to {_relative(str(where['log']), root)} ...", flush=True)
    environment = {**os.environ, "EDITION_ROOT": str(root),
                   "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))}
    with where["log"].open("w", encoding="utf-8") as log:
        result = subprocess.run([sys.executable, "-m", "edition.build", "--sphinx", str(root)], cwd=root,
                                stdout=log, stderr=subprocess.STDOUT, env=environment)
    output = where["log"].read_text(encoding="utf-8", errors="replace")
    if result.returncode != 0 or not (where["staging"] / "index.html").is_file():
        report_failure(problems_in(output, root), where["log"], root)
        return 1
    swap_in(where["staging"], where["html"])
    print(f"The book is built: {_relative(str(where['html']), root)}/index.html")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m edition.build", description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", default=None, help="the book's folder (default: found from here)")
    parser.add_argument("--sphinx", action="store_true", help="internal: run the Sphinx build alone")
    args = parser.parse_args(argv)
    if args.root:
        os.environ["EDITION_ROOT"] = str(Path(args.root).resolve())
    from edition import paths

    root = paths.book_root()
    return sphinx_build(root) if args.sphinx else build(root)


if __name__ == "__main__":
    sys.exit(main())
