"""The command line of the URL manifest, kept out of the library.

``python -m edition.apparatus urls [--fresh] _build/html`` adds the built site's pages and
anchors to ``urls.json``; ``python -m edition.apparatus check _build/html`` lists the URLs of
the manifest that do not resolve.
"""
from __future__ import annotations

import json
from pathlib import Path

from edition import paths
from edition.apparatus.urls import MANIFEST, check_urls, load_manifest, site_base_url, write_manifest


def main(argv: list[str] | None = None) -> int:
    """``urls [--fresh] _build/html``: add the built URLs to
    urls.json (``--fresh`` starts the lists anew, keeping the redirects: only before the
    edition is first published). ``check _build/html`` lists the URLs that do not resolve."""
    import sys

    args = list(sys.argv[1:] if argv is None else argv)
    fresh = "--fresh" in args
    args = [a for a in args if a != "--fresh"]
    if len(args) == 2 and args[0] == "urls":
        site = Path(args[1])
        path = paths.book_root() / MANIFEST
        if fresh and path.is_file():  # only before the first publication: URLs are forever after
            redirects = load_manifest(path)["redirects"]
            path.write_text(json.dumps({"pages": [], "anchors": [], "redirects": redirects}), encoding="utf-8")
        manifest = write_manifest(site, path, base_url=site_base_url())
        print(f"{MANIFEST}: {len(manifest['pages'])} pages, {len(manifest['anchors'])} anchors, "
              f"{len(manifest['redirects'])} redirects")
        return 0
    if len(args) == 2 and args[0] == "check":
        problems = check_urls(Path(args[1]), load_manifest())
        print("\n".join(problems) or "every URL of the manifest resolves")
        return 1 if problems else 0
    print("usage: python -m edition.apparatus urls [--fresh] <built site> | check <built site>")
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
