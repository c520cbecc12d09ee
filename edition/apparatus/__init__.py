"""The scholarly apparatus: sources index, glossary, data page, citing the edition, stable URLs.

Everything here is plain Python, testable without Sphinx. The Sphinx extension
``_ext/edition_apparatus.py`` calls it while the book is built; the data page's code cells
call it to describe the data package live. One module per section, re-exported here:

* :mod:`edition.apparatus.sources` -- folio locators, the index of archival sources, the
  bibliography of published works;
* :mod:`edition.apparatus.glossary` -- the glossary's terms and the matcher that links them;
* :mod:`edition.apparatus.datapage` -- the data page and the one-file data archive;
* :mod:`edition.apparatus.citing` -- ready citations of the edition and of each page;
* :mod:`edition.apparatus.urls` -- the URL manifest and redirects;
* :mod:`edition.apparatus.base` -- the error type and HTML blocks the sections share.

The command line (``python -m edition.apparatus urls|check _build/html``) is in
:mod:`edition.apparatus.__main__`, outside the library.
"""
from edition.apparatus.base import *  # noqa: F401,F403
from edition.apparatus.citing import *  # noqa: F401,F403
from edition.apparatus.datapage import *  # noqa: F401,F403
from edition.apparatus.glossary import *  # noqa: F401,F403
from edition.apparatus.sources import *  # noqa: F401,F403
from edition.apparatus.urls import *  # noqa: F401,F403
