"""Benchmark the edition against a default Jupyter Book, in one run (a script, not a test).

    .venv/bin/python benchmarks/benchmark.py [--skip-lighthouse] [--skip-stock] [--json FILE]

What it measures, on a scratch copy of the book's sources (the work tree is not touched):

1. **Cold build**: the strict build (``--warningiserror --nitpick --keep-going``) of the
   copy with no ``_build`` at all, so every chapter executes.
2. **Cached rebuild**: the same command again, nothing changed; and once more after a
   one-word edit of one chapter's prose (the execution cache keeps its outputs).
3. **Bytes per page**: ``_build/html`` served on 127.0.0.1 with gzip (as a static host
   serves it: ``tools/serve_gzip.py``), each page loaded in Chromium (Playwright, empty
   cache), summing the encoded transfer size of every response (CDP ``encodedDataLength``):
   once at first load, and once more after scrolling to the end as a reader does, so that
   what loads on demand (the chart script, when a chart nears the screen) is counted.
4. **Lighthouse 12** (``node_modules/.bin/lighthouse``, mobile, simulated throttling):
   performance, accessibility, best practices and SEO of every chapter and appendix, over
   the same server.

The baseline is a default one-chapter book (``jupyter-book create``, its ``markdown`` page
as the one chapter) built and measured the same way in the same run. With the stock
theme variant (unless ``--skip-stock``) the book itself is also built once without
``_ext/edition_theme.py`` (reusing the execution cache), to show what the theme saves.

Targets (printed at the end, each met or not): every chapter's first load at most 0.07 of
the default book's page and, read to the end, at most 0.25 of it; Lighthouse performance
>= 98 and accessibility, best practices and SEO = 100 on every chapter and appendix; cold
build <= 90 s; cached rebuild <= 15 s.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from serve_gzip import serve  # noqa: E402

VENV_BIN = Path(sys.executable).parent
JUPYTER_BOOK = VENV_BIN / "jupyter-book"
CHROMIUM = "/usr/bin/chromium"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
STRICT = ["--warningiserror", "--nitpick", "--keep-going"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
IGNORE = shutil.ignore_patterns("_build", ".venv", ".git", "__pycache__", "*.egg-info", "node_modules",
                                ".pytest_cache", ".ipynb_checkpoints")

TARGETS = {"cold_build_s": 90, "cached_rebuild_s": 15, "performance": 98,
           "accessibility": 100, "best-practices": 100, "seo": 100,
           "first_load_share": 0.07, "read_to_end_share": 0.25}


def log(message: str) -> None:
    print(f"[benchmark] {message}", file=sys.stderr, flush=True)


def build(book: Path, strict: bool = True) -> tuple[float, int, str]:
    """(seconds, exit code, last lines of output) of one ``jupyter-book build``."""
    start = time.perf_counter()
    result = subprocess.run([str(JUPYTER_BOOK), "build", str(book), *(STRICT if strict else [])],
                            cwd=book, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    tail = "\n".join((result.stdout + result.stderr).splitlines()[-25:])
    return seconds, result.returncode, tail


def toc_chapters(book: Path, folder: str = "chapters") -> list[str]:
    """HTML paths of the book's pages under ``folder`` (chapters/, appendices/), in _toc.yml order."""
    text = (book / "_toc.yml").read_text(encoding="utf-8")
    return [f"{f}.html" for f in re.findall(rf"file:\s*({folder}/[\w-]+)", text)]


def page_bytes(browser, base: str, path: str) -> dict:
    """Encoded bytes every response of one page load transfers (fresh context, no cache)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    sizes: dict[str, int] = {}
    urls: dict[str, str] = {}
    external: list[str] = []
    cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])))

    def route(r):
        if r.request.url.startswith(base) or r.request.url.startswith("data:"):
            r.continue_()
        else:
            external.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(base + path, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    first_load = sum(sizes.values())
    # Read to the end: scroll down a screen at a time, as a reader does, so that whatever
    # loads when it nears the screen (the chart script) loads.
    height = page.evaluate("document.documentElement.scrollHeight")
    for y in range(0, height + 900, 700):
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(40)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    context.close()
    largest = sorted(((s, urls.get(r, "?").replace(base, "")) for r, s in sizes.items()), reverse=True)[:3]
    return {"bytes": first_load, "read_bytes": sum(sizes.values()), "requests": len(sizes),
            "external": external, "largest": largest}


def measure_bytes(html: Path, pages: list[str]) -> dict[str, dict]:
    from playwright.sync_api import sync_playwright

    server, base = serve(html)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            try:
                return {path: page_bytes(browser, base, path) for path in pages}
            finally:
                browser.close()
    finally:
        server.shutdown()


def lighthouse(html: Path, pages: list[str]) -> dict[str, dict]:
    if not LIGHTHOUSE.exists():
        log(f"{LIGHTHOUSE} is missing (run `npm ci`): no Lighthouse scores")
        return {}
    server, base = serve(html)
    scores = {}
    try:
        for path in pages:
            with tempfile.NamedTemporaryFile(suffix=".json") as out:
                command = [str(LIGHTHOUSE), base + path, f"--chrome-path={CHROMIUM}",
                           "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                           f"--only-categories={','.join(CATEGORIES)}", "--output=json",
                           f"--output-path={out.name}", "--quiet", "--form-factor=mobile"]
                result = subprocess.run(command, capture_output=True, text=True, timeout=300)
                if result.returncode != 0:
                    log(f"lighthouse failed on {path}: {result.stderr[-400:]}")
                    continue
                report = json.loads(Path(out.name).read_text(encoding="utf-8"))
            scores[path] = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}
            scores[path]["failing"] = sorted(
                k for k, a in report["audits"].items()
                if a.get("scoreDisplayMode") in ("binary", "metricSavings", "numeric") and a.get("score") is not None
                and a["score"] < 0.9 and k in _category_audits(report, ("accessibility", "best-practices", "seo")))
            scores[path]["metrics"] = {k: report["audits"][k].get("displayValue", "") for k in
                                       ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                                        "cumulative-layout-shift", "speed-index")}
            log(f"lighthouse {path}: {scores[path]}")
    finally:
        server.shutdown()
    return scores


def _category_audits(report: dict, categories) -> set[str]:
    return {ref["id"] for c in categories for ref in report["categories"][c]["auditRefs"] if ref.get("weight", 0) > 0}


def default_book(workdir: Path) -> Path:
    """A default one-chapter Jupyter Book: ``jupyter-book create``, its markdown page as chapter."""
    book = workdir / "default-book"
    subprocess.run([str(JUPYTER_BOOK), "create", str(book)], check=True, capture_output=True)
    (book / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n- file: markdown\n", encoding="utf-8")
    for extra in ("notebooks.ipynb", "markdown-notebooks.md"):
        (book / extra).unlink(missing_ok=True)
    return book


def fmt_kb(n: int | None) -> str:
    return "—" if n is None else f"{n / 1024:,.0f} KB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--skip-stock", action="store_true", help="do not build the book with the stock theme")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="edition-benchmark-"))
    results: dict = {"workdir": str(workdir)}
    try:
        # --- the edition ---------------------------------------------------------------
        book = workdir / "edition"
        shutil.copytree(ROOT, book, ignore=IGNORE)
        log("cold build of the edition (everything executes) ...")
        cold, code, tail = build(book)
        if not (book / "_build" / "html" / "intro.html").is_file():
            print(f"the build of the edition failed (exit {code}):\n{tail}")
            return 1
        if code != 0:  # --keep-going wrote every page: measure them, but say so
            log(f"the strict build reported problems (exit {code}); measuring its output anyway:\n{tail}")
            results["strict_build_failed"] = tail
        log(f"cold build {cold:.1f} s; cached rebuild ...")
        cached, code, _ = build(book)
        chapters = toc_chapters(book)
        appendices = toc_chapters(book, "appendices")
        first = book / (chapters[0].removesuffix(".html") + ".md")
        text = first.read_text(encoding="utf-8")
        first.write_text(text.replace("\n# ", "\n# ", 1) + "\nA benchmark edit.\n", encoding="utf-8")
        edited, code_edit, _ = build(book)
        first.write_text(text, encoding="utf-8")
        results["edition"] = {"cold_build_s": cold, "cached_rebuild_s": cached, "prose_edit_rebuild_s": edited}
        html = book / "_build" / "html"
        pages = ["intro.html", *chapters]
        log("bytes per page ...")
        results["edition"]["bytes"] = measure_bytes(html, pages + appendices)
        if not args.skip_lighthouse:
            log("Lighthouse, every chapter and appendix ...")
            results["edition"]["lighthouse"] = lighthouse(html, chapters + appendices)

        # --- the stock theme (the same book without _ext/edition_theme.py) -------------
        if not args.skip_stock:
            stock = workdir / "stock"
            shutil.copytree(book, stock, ignore=shutil.ignore_patterns("html", ".doctrees", "__pycache__"))
            (stock / "_ext" / "edition_theme.py").write_text(
                "def setup(app):\n    return {'parallel_read_safe': True, 'parallel_write_safe': True}\n")
            (stock / "_templates" / "layout.html").unlink()  # the edition's layout needs its theme extension
            log("the book with the stock theme (execution cache reused) ...")
            seconds, code, tail = build(stock, strict=False)
            if (stock / "_build" / "html" / "intro.html").is_file():
                results["stock"] = {"build_s": seconds,
                                    "bytes": measure_bytes(stock / "_build" / "html", pages[:2])}
            else:
                log(f"stock build failed: {tail}")

        # --- the default book ------------------------------------------------------------
        default = default_book(workdir)
        log("cold build of the default book ...")
        d_cold, code, tail = build(default, strict=False)
        d_cached, _, _ = build(default, strict=False)
        d_html = default / "_build" / "html"
        results["default"] = {"cold_build_s": d_cold, "cached_rebuild_s": d_cached,
                              "bytes": measure_bytes(d_html, ["intro.html", "markdown.html"])}
        if not args.skip_lighthouse:
            results["default"]["lighthouse"] = lighthouse(d_html, ["markdown.html"])
    finally:
        if args.json:
            args.json.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    report(results, chapters, appendices, skip_lighthouse=args.skip_lighthouse)
    return 0


def report(results: dict, chapters: list[str], appendices: list[str], skip_lighthouse: bool) -> None:
    edition, default = results["edition"], results["default"]
    if results.get("strict_build_failed"):
        print("WARNING: the strict build of the edition failed (warnings are errors); the figures below "
              "measure the pages it wrote anyway. Its last lines:\n" + results["strict_build_failed"])
    d_bytes = default["bytes"]["markdown.html"]["bytes"]
    d_lh = default.get("lighthouse", {}).get("markdown.html", {})
    print()
    print("Builds (strict; seconds, wall clock, 2 cores)")
    print(f"  {'':34} {'edition':>10} {'default book':>14}")
    print(f"  {'cold build (empty _build)':34} {edition['cold_build_s']:10.1f} {default['cold_build_s']:14.1f}")
    print(f"  {'rebuild with cache, no change':34} {edition['cached_rebuild_s']:10.1f} {default['cached_rebuild_s']:14.1f}")
    print(f"  {'rebuild after a prose edit':34} {edition['prose_edit_rebuild_s']:10.1f} {'':>14}")
    print()
    print("Pages (bytes transferred with gzip, empty cache: at first load, and read to the end; the share of the")
    print("default page's first load; Lighthouse 12 mobile: perf / a11y / best practices / SEO)")
    print(f"  {'page':46} {'first':>9} {'share':>6} {'to end':>9} {'share':>6} {'reqs':>5}  {'lighthouse':>17}  largest response")
    rows = [("default book: markdown.html", default["bytes"]["markdown.html"], d_lh)]
    rows += [("default book: intro.html", default["bytes"]["intro.html"], {})]
    if "stock" in results:
        for path, measured in results["stock"]["bytes"].items():
            rows.append((f"edition, stock theme: {path}", measured, {}))
    for path, measured in edition["bytes"].items():
        rows.append((path, measured, edition.get("lighthouse", {}).get(path, {})))
    for name, measured, lh in rows:
        scores = " / ".join(str(lh.get(c, "—")) for c in CATEGORIES) if lh else "—"
        largest = measured["largest"][0] if measured["largest"] else (0, "")
        read = measured.get("read_bytes", measured["bytes"])
        print(f"  {name:46} {fmt_kb(measured['bytes']):>9} {measured['bytes'] / d_bytes:6.1%} {fmt_kb(read):>9} "
              f"{read / d_bytes:6.1%} {measured['requests']:5d}  {scores:>17}  {largest[1][:40]} ({fmt_kb(largest[0])})")
    print()
    print("Targets")
    met = []
    for key, share, what in (("bytes", TARGETS["first_load_share"], "first load"),
                             ("read_bytes", TARGETS["read_to_end_share"], "read to the end")):
        limit = d_bytes * share
        heavy = [f"{p} {fmt_kb(edition['bytes'][p][key])}" for p in chapters if edition["bytes"][p][key] > limit]
        met.append((f"every chapter's {what} <= {share} x the default page (<= {fmt_kb(int(limit))})",
                    not heavy, ", ".join(heavy)))
    if not skip_lighthouse and edition.get("lighthouse"):
        lh = edition["lighthouse"]
        for category in CATEGORIES:
            target = TARGETS[category]
            low = [f"{p} {lh[p][category]}" for p in chapters + appendices if p in lh and lh[p][category] < target]
            missing = [p for p in chapters + appendices if p not in lh]
            met.append((f"Lighthouse {category} {'>=' if target < 100 else '='} {target} on every chapter and appendix",
                        not low and not missing, ", ".join(low + [f"{m} not measured" for m in missing])))
    met.append((f"cold build <= {TARGETS['cold_build_s']} s", edition["cold_build_s"] <= TARGETS["cold_build_s"],
                f"{edition['cold_build_s']:.1f} s"))
    met.append((f"cached rebuild <= {TARGETS['cached_rebuild_s']} s",
                edition["cached_rebuild_s"] <= TARGETS["cached_rebuild_s"], f"{edition['cached_rebuild_s']:.1f} s"))
    for name, ok, detail in met:
        print(f"  [{'met' if ok else 'NOT MET':7}] {name}" + (f" — {detail}" if detail and not ok else ""))
    external = {p: m["external"] for p, m in edition["bytes"].items() if m["external"]}
    if external:
        print(f"  requests to other hosts (aborted): {external}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
