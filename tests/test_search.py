"""The book's search finds what historians type (issue 14, item 7): names, Russian terms,
archival references and the text of notes. One visit of ``search.html?q=...`` per query; the
expected pages are those whose built HTML holds the query's words, found here by reading
the files, not by the search code."""
from __future__ import annotations

from urllib.parse import quote

import pytest
from browser import close, open_page

QUERIES = {
    "Nasedkin": "chapters/revolving-door.html",
    "Vorkutlag": "chapters/prisoners-and-ex-prisoners.html",
    "proezdnoi": "chapters/long-arm-of-the-gulag.html",
    "d. 1246": "appendices/sources.html",
    "l. 231": "chapters/weakening-a-crippled-institution.html",
    "chrezmerno peregruzheny": "chapters/revolving-door.html",
}
"""Query -> a page that must be among the results (its text holds the query)."""


@pytest.mark.parametrize("query", QUERIES)
def test_search_finds(chromium, site_url, built_book, query):
    expected = QUERIES[query]
    words = query.split()
    assert all(w in (built_book / expected).read_text(encoding="utf-8") for w in words), \
        f"{expected} no longer holds {query!r}; pick another page for this query"
    visit = open_page(chromium, f"{site_url}search.html?q={quote(query)}")
    page = visit.page
    try:
        page.wait_for_function("() => /found/i.test((document.querySelector('#search-results p.search-summary')"
                               " || {}).innerText || '')", timeout=20000)
        hits = page.eval_on_selector_all("#search-results ul.search li a",
                                         "links => links.map(a => a.getAttribute('href'))")
        assert any(h.split("#")[0].split("?")[0].endswith(expected) for h in hits), \
            f"search for {query!r} did not find {expected}: {hits[:10]}"
    finally:
        close(visit)


def test_a_page_opened_from_the_results_highlights_the_words(chromium, site_url):
    """The highlighter loads only on a page opened from the results (``?highlight=``), and
    marks the searched word there; a page opened directly does not load it."""
    plain = open_page(chromium, f"{site_url}chapters/revolving-door.html")
    try:
        assert plain.page.evaluate("!document.querySelector('script[src*=\"sphinx_highlight\"]')")
    finally:
        close(plain)
    visit = open_page(chromium, f"{site_url}chapters/revolving-door.html?highlight=Nasedkin")
    try:
        visit.page.wait_for_function("() => document.querySelector('span.highlighted')", timeout=10000)
        assert visit.page.evaluate("document.querySelector('span.highlighted').textContent") == "Nasedkin"
        assert not visit.console_errors, visit.console_errors
    finally:
        close(visit)
