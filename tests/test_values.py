"""Every computed figure in a chapter can be inspected (issue 14, item 5).

Static checks read the built HTML: each figure pasted into a chapter's prose is a link with
the anchor ``value-<key>`` to its entry in the chapter's closing list "Figures in this
chapter". The browser test opens three pop-overs by keyboard on one chapter and checks
what they say against the CSV files and the page's own audit markers, read here
independently of the code that makes the pop-overs. :mod:`edition.provenance` is checked
without a build.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from browser import close, open_page
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("*.md"))
GLUE_TEXT = re.compile(r"\{glue:text\}`([^`:]+)(?::[^`]*)?`")


def csv_rows(name: str) -> list[dict]:
    with (ROOT / "data" / f"{name}.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def glued_keys(chapter: Path) -> set[str]:
    return set(GLUE_TEXT.findall(chapter.read_text(encoding="utf-8")))


# --- the recorder, without a build ----------------------------------------------------------

def test_provenance_names_the_rows_a_sum_reads():
    from edition import provenance, releases, show

    figures = releases.revolving_door_figures()
    entry = provenance.record(figures)["released-total"]
    rows = csv_rows("releases_by_camp_type")
    assert {(r["file"], r["id"]) for r in entry["rows"]} == {("releases-by-camp-type", r["id"]) for r in rows}
    assert entry["arithmetic"] == " + ".join(show.count(int(r["value"])) for r in rows)
    assert all("GARF f. 9414" in r["source"] for r in entry["rows"])


def test_provenance_of_a_stored_figure_is_its_one_row():
    from edition import provenance, releases

    entry = provenance.record(releases.revolving_door_figures())["qualifying"]
    [row] = entry["rows"]
    stored = next(r for r in csv_rows("amnesty_implementation") if r["id"] == "qualifying-for-release")
    assert row["id"] == "qualifying-for-release" and row["note"] == int(stored["note"])
    assert row["source"].endswith(stored["locator"])


def test_arithmetic_is_shown_only_when_it_gives_the_figure():
    from edition.provenance import arithmetic

    rows = [{"value": "206,554"}, {"value": "414,199"}]
    assert arithmetic("620,753", rows) == "206,554 + 414,199"
    assert arithmetic("620,754", rows) == ""
    assert arithmetic("49.9%", rows) == "206,554 \u00f7 414,199"
    assert arithmetic("12.0%", rows) == ""


# --- the built chapters -------------------------------------------------------------------------

@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_every_glued_figure_is_anchored_and_listed(built_book, chapter):
    soup = BeautifulSoup((built_book / "chapters" / f"{chapter.stem}.html").read_text(encoding="utf-8"),
                         "html.parser")
    listing = soup.find(id="figures-in-this-chapter")
    keys = glued_keys(chapter)
    assert listing is not None and "Figures in this chapter" in listing.find(["h2", "h3"]).get_text()
    for key in keys:
        link = soup.find(id=f"value-{key}")
        assert link is not None and link.name == "a", f"{chapter.name}: no link value-{key}"
        assert link["href"] == f"#figure-{key}"
        entry = listing.find(id=f"figure-{key}")
        assert entry is not None, f"{chapter.name}: '{key}' has no entry in the list of figures"
        assert entry.find("a", href=f"#value-{key}").get_text() == link.get_text()
    main = soup.find("main") or soup
    loose = [s.get_text() for s in main.find_all("span", class_="pasted-text")
             if not s.find_parent("a", class_="edition-value-link") and not s.find_parent(class_="cell_output")]
    assert not loose, f"{chapter.name}: pasted figures without their link: {loose[:5]}"
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids)), f"{chapter.name}: duplicate ids"


def test_pages_without_figures_do_not_load_the_script(built_book):
    assert "edition-values.js" not in (built_book / "appendices" / "data.html").read_text(encoding="utf-8")
    assert "edition-values.js" in (built_book / "chapters" / "revolving-door.html").read_text(encoding="utf-8")
    assert (built_book / "_static" / "edition-values.js").stat().st_size < 3000


def test_three_popovers_open_by_keyboard(chromium, site_url, built_book):
    visit = open_page(chromium, site_url + "chapters/revolving-door.html")
    page = visit.page
    try:
        camps = csv_rows("releases_by_camp_type")
        total = sum(int(r["value"]) for r in camps)
        checks = {
            "released-total": [f"{int(r['value']):,}" for r in camps] + ["GARF f. 9414"],
            "qualifying": [next(r for r in csv_rows("amnesty_implementation")
                                if r["id"] == "qualifying-for-release")["locator"]],
            "freed-august-share": ["amnesty-implementation", "freed-by-1945-08-25"],
        }
        for key, expected in checks.items():
            link = page.locator(f"#value-{key}")
            link.focus()
            pop = page.locator("#edition-value-pop")
            pop.wait_for(state="visible", timeout=5000)
            text = pop.inner_text()
            assert link.inner_text() in text
            for piece in expected:
                assert piece in text, f"pop-over of {key} lacks {piece!r}: {text[:300]}"
            assert page.evaluate(f"document.getElementById('value-{key}').getAttribute('aria-describedby')") == \
                "edition-value-pop"
            data_links = pop.locator("a[href*='data.html#']")
            assert data_links.count() >= 1
            marker = page.locator(f"#value-{key} ~ sup.audit-marker a, "
                                  f".edition-value:has(#value-{key}) + sup.audit-marker a").first
            if marker.count():
                assert pop.locator(f"a[href='{marker.get_attribute('href')}']").count() == 1
            page.keyboard.press("Tab")
            assert page.evaluate("document.getElementById('edition-value-pop').contains(document.activeElement)")
            page.keyboard.press("Escape")
            assert page.locator("#edition-value-pop").count() == 0
            assert page.evaluate("document.activeElement.id") == f"value-{key}"
        assert f"{total:,}" == page.locator("#value-released-total").inner_text()
        assert not visit.console_errors, visit.console_errors
    finally:
        close(visit)
