"""The scholarly apparatus: folio parsing, the sources index, the glossary, the data page,
the per-page citation, print styles and the publishing workflow; then, on the built book,
the appendix pages, the glossary links in the chapters and the "How to cite" boxes.

Expected values are worked out here by hand from the inputs (the CSV rows, the folio
strings), not read back from the code under test.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin

import pytest
import yaml

from edition import apparatus
from edition.apparatus import ApparatusError, parse_folios

ROOT = Path(__file__).resolve().parent.parent

# ----------------------------------------------------------------------------------------
# Folios
# ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("locator, folios", [
    ("l. 231", [231]),
    ("l.231", [231]),
    ("ll. 205–206", [205, 206]),
    ("ll. 205-206", [205, 206]),
    ("ll. 92, 94, 96, 103", [92, 94, 96, 103]),
    ("ll. 6, 10, 109–110", [6, 10, 109, 110]),
    ("ll. 5, 80–82", [5, 80, 81, 82]),
    ("ll. 238–239", [238, 239]),
])
def test_folio_locators_are_read_with_ranges_expanded(locator, folios):
    assert parse_folios(locator) == folios


@pytest.mark.parametrize("locator", ["p. 231", "pp. 12–14", "", "l. ", "l. 12a", "ll. 208–109", "ll. 1–200"])
def test_bad_folio_locators_are_refused(locator):
    with pytest.raises(ApparatusError):
        parse_folios(locator)


def test_every_archival_locator_of_the_report_notes_is_a_readable_folio():
    rows = apparatus.report_citations()
    archival = [r for r in rows if r["source_key"].startswith("garf-")]
    assert archival, "report_notes.csv lists no archival citation"
    for row in archival:
        assert parse_folios(row["locator"]), row


# ----------------------------------------------------------------------------------------
# The sources index
# ----------------------------------------------------------------------------------------

BIB = {
    "garf-1-1-2": {"ID": "garf-1-1-2", "ENTRYTYPE": "misc", "archive": "GARF", "fond": "1", "opis": "1",
                   "delo": "2", "title": "Second file"},
    "garf-1-1-10": {"ID": "garf-1-1-10", "ENTRYTYPE": "misc", "archive": "GARF", "fond": "1", "opis": "1",
                    "delo": "10", "title": "Tenth file"},
    "book2000": {"ID": "book2000", "ENTRYTYPE": "book", "title": "A book", "year": "2000"},
}


def test_the_index_orders_files_and_folios_numerically_and_links_each_folio():
    rows = [
        {"note": "5", "source_key": "garf-1-1-10", "locator": "l. 109"},
        {"note": "3", "source_key": "garf-1-1-10", "locator": "ll. 8, 11"},
        {"note": "4", "source_key": "garf-1-1-2", "locator": "ll. 20–21"},
        {"note": "6", "source_key": "book2000", "locator": "p. 5"},
    ]
    cites = [
        {"docname": "chapters/b", "anchor": "note-2", "key": "garf-1-1-10", "locator": "l. 11", "report_notes": [3]},
        {"docname": "chapters/a", "anchor": "note-1", "key": "garf-1-1-2", "locator": "ll. 20–21", "report_notes": [4]},
        {"docname": "chapters/a", "anchor": "note-1", "key": "garf-1-1-2", "locator": "ll. 20–21", "report_notes": [4]},
        {"docname": "chapters/a", "anchor": "note-3", "key": "book2000", "locator": "p. 5", "report_notes": [6]},
        {"docname": "chapters/c", "anchor": "note-9", "key": "garf-1-1-10", "locator": "l. 2", "report_notes": []},
    ]
    files = apparatus.sources_index(cites, BIB, rows)
    assert [f.key for f in files] == ["garf-1-1-2", "garf-1-1-10"]  # d. 2 before d. 10
    tenth = files[1]
    assert [e.folio for e in tenth.ordered()] == [2, 8, 11, 109]  # numeric, not 109 < 11 < 2 < 8
    assert tenth.folios[11].report_notes == {3}
    assert [p.anchor for p in tenth.folios[11].places] == ["note-2"]
    assert tenth.folios[8].places == []  # cited by the report, not (yet) by the edition
    assert tenth.folios[2].report_notes == set()  # cited by the edition only
    second = files[0]
    assert sorted(second.folios) == [20, 21]  # the range is indexed under both folios
    assert len(second.folios[20].places) == 1  # the same note twice is one link
    assert apparatus.index_counts(files) == {"files": 2, "folios": 6, "links": 4}


def test_an_archival_citation_without_folio_is_an_error():
    cites = [{"docname": "chapters/a", "anchor": "note-1", "key": "garf-1-1-2", "locator": "", "report_notes": []}]
    with pytest.raises(ApparatusError, match="no folio"):
        apparatus.sources_index(cites, BIB, [])


def test_the_real_index_covers_every_archival_folio_of_the_report():
    rows = apparatus.report_citations()
    expected = {(r["source_key"], f) for r in rows if r["source_key"].startswith("garf-")
                for f in parse_folios(r["locator"])}
    files = apparatus.sources_index([], report_rows=rows)
    found = {(f.key, e.folio) for f in files for e in f.folios.values()}
    assert found == expected
    assert {f.key for f in files} == {"garf-9414-1-1228", "garf-9414-1-1229", "garf-9414-1-1246"}


# ----------------------------------------------------------------------------------------
# Glossary
# ----------------------------------------------------------------------------------------

REQUIRED_TERMS = [
    "OURZ", "GOKO", "ITL", "UITLK-OITK", "NKPS", "GURKM", "Glavpromstroi", "GULGMP", "GUShOSDOR",
    "Dal'stroi", "perekovka", "NKVD", "GARF", "Gulag", "Sovnarkom", "Narkomzdrav", "Narkomsobes",
    "UNKVD", "prodattestat", "sukhari", "po volnomu naimu", "dobrovol'noe zakreplenie",
    "rezhimnye mestnosti", "spetsial'nost'", "fakticheski osvobozhdeno", "voennosluzhashchie",
    "ocherednost' v osvobozhdenii", "Presidium of the Supreme Soviet", "izmenniki Rodine",
    "posobniki vragu", "ugolovnye prestupleniia", "fal'shivomonetnichestvo",
    "kontrrevoliutsionnye prestupleniia", "f. 9414, op. 1, d. 1246",
]


@pytest.fixture(scope="module")
def terms():
    return apparatus.load_glossary()


def test_the_glossary_has_every_term_the_edition_needs(terms):
    assert len(terms) >= 25
    matcher = apparatus.TermMatcher(terms)
    for wanted in REQUIRED_TERMS:
        assert list(matcher.finditer(wanted)), f"no glossary entry matches {wanted!r}"


def test_glossary_transliteration_has_no_diacritics(terms):
    allowed = set("'’-,;:.() ")
    for term in terms:
        for text in (term.term, term.russian, *term.forms):
            odd = {c for c in text if not (c.isascii() or c in allowed)}
            assert not odd, f"{term.id}: {text!r} has {odd} (LoC without diacritics, as the report)"


def test_each_form_finds_its_own_term_and_no_other(terms):
    matcher = apparatus.TermMatcher(terms)
    for term in terms:
        for form in term.forms:
            sample = "f. 9414, op. 1, d. 1228" if form.startswith("re:") else form
            found = [t for t, _, _ in matcher.finditer(f"In 1945 the {sample} was named.")]
            assert found and found[0] == term.id, (term.id, form, found)


def test_terms_match_whole_words_and_typographic_apostrophes(terms):
    matcher = apparatus.TermMatcher(terms)

    def ids(text):
        return [t for t, _, _ in matcher.finditer(text)]

    assert ids("NKVD-UNKVD prisons") == ["nkvd", "unkvd"]
    assert ids("the GULGMP camps") == ["gulgmp"]  # not "Gulag"
    assert ids("Dal\u2019stroi and spetsial\u2019nosti") == ["dalstroi", "spetsialnost"]
    assert ids("Perekovka was the aim") == ["perekovka"]  # sentence-initial capital
    assert ids("the UITLK-OITK") == ["uitlk-oitk"]  # the longest form wins
    assert ids("Gulags, nkvd, unkvdx") == []


def test_the_glossary_rows_are_checked():
    """What the data package's schema cannot say; the rows are made here, no file is read."""
    def row(ident, term, kind, gloss, forms):
        return dict(zip(apparatus.GLOSSARY_FIELDS, (ident, term, kind, "", "", gloss, forms)))

    with pytest.raises(ApparatusError, match=r"glossary.csv, line 2: kind 'nonsense'"):
        apparatus.read_terms([row("x", "X", "nonsense", "gloss", "X")])
    with pytest.raises(ApparatusError, match=r"line 3: id 'x' is used twice"):
        apparatus.read_terms([row("x", "X", "term", "gloss", "X"), row("x", "Y", "term", "gloss", "Y")])
    with pytest.raises(ApparatusError, match=r"line 2: column 'gloss' is empty"):
        apparatus.read_terms([row("x", "X", "term", "", "X")])
    with pytest.raises(ApparatusError, match="bad pattern"):
        apparatus.read_terms([row("x", "X", "term", "gloss", "re:(unclosed")])
    assert [t.forms for t in apparatus.read_terms([row("x", "X", "term", "gloss", "X; re:X\\d")])] == [("X", "re:X\\d")]


# ----------------------------------------------------------------------------------------
# The data page and the archive
# ----------------------------------------------------------------------------------------

def _descriptor():
    import json

    return json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))


def test_the_overview_lists_every_file_with_its_row_count():
    overview = apparatus.package_overview().markup
    for res in _descriptor()["resources"]:
        with (ROOT / "data" / res["path"]).open(encoding="utf-8", newline="") as handle:
            rows = len(list(csv.reader(handle))) - 1
        row = re.search(rf'<tr>.*?href="\.\./data/{re.escape(res["path"])}".*?</tr>', overview)
        assert row, res["path"]
        assert f'<td class="num">{rows:,}</td>' in row.group(0)
    assert f'href="../data/{apparatus.ARCHIVE_NAME}"' in overview


def test_schema_tables_give_type_unit_and_constraints():
    res = _descriptor()["resources"][0]
    table = apparatus.schema_table(res["name"])
    assert [r["field"] for r in table] == [f["name"] for f in res["schema"]["fields"]]
    for row, spec in zip(table, res["schema"]["fields"]):
        assert row["type"] == spec.get("type", "string")
        if (spec.get("constraints") or {}).get("required"):
            assert "required" in row["constraints"]
    with pytest.raises(ApparatusError):
        apparatus.schema_table("no-such-resource")


def test_the_data_archive_is_complete_and_reproducible(tmp_path):
    first = apparatus.build_archive(tmp_path / "a.zip", ROOT / "data")
    second = apparatus.build_archive(tmp_path / "b.zip", ROOT / "data")
    assert first.read_bytes() == second.read_bytes()
    names = set(zipfile.ZipFile(first).namelist())
    expected = {f"amnesty1945-data/{r['path']}" for r in _descriptor()["resources"]}
    assert expected | {"amnesty1945-data/datapackage.json"} <= names
    with zipfile.ZipFile(first) as archive:
        for res in _descriptor()["resources"]:
            assert archive.read(f"amnesty1945-data/{res['path']}") == (ROOT / "data" / res["path"]).read_bytes()


# ----------------------------------------------------------------------------------------
# Citing a page; the bibliography style
# ----------------------------------------------------------------------------------------

def test_a_page_citation_names_the_page_the_edition_and_the_report():
    meta = apparatus.edition_metadata(ROOT / "CITATION.cff")
    url = "https://amnesty1945.github.io/edition/chapters/revolving-door.html"
    text = apparatus.page_citation("The revolving door", url, meta)
    assert "\u201cThe revolving door,\u201d" in text and text.endswith(url)
    assert "Golfo Alexopoulos" in text and "2004" in text and meta["title"] in text


def test_the_bibtex_of_a_page_parses():
    import bibtexparser

    meta = apparatus.edition_metadata(ROOT / "CITATION.cff")
    meta["year"] = "2026"
    entry = apparatus.page_bibtex("Stalin's amnesty & after", "https://x.test/chapters/s.html",
                                  "chapters/stalins-amnesty", meta)
    parsed = bibtexparser.loads(entry).entries
    assert len(parsed) == 1
    fields = parsed[0]
    assert fields["ID"] == "amnesty1945-stalins-amnesty" and fields["ENTRYTYPE"] == "incollection"
    assert fields["url"] == "https://x.test/chapters/s.html" and fields["year"] == "2026"
    assert r"\&" in fields["title"]


def test_the_bibliography_lists_published_works_only_with_volume_and_issue():
    works = {w.key: w.text.render_as("text") for w in apparatus.published_works(ROOT / "references.bib")}
    assert not [k for k in works if k.startswith("garf-")]
    assert "vol. 51, no. 1, 1999" in works["adler1999life"]
    assert "\u201cVictims of the Soviet Penal System" in works["getty1993victims"]  # case kept, quoted
    keys = list(works)  # sorted by author: Adler first, Zubkova last
    assert keys[0] == "adler1999life" and keys[-1] == "zubkova2000poslevoennoe"


# ----------------------------------------------------------------------------------------
# Print styles and the publishing workflow
# ----------------------------------------------------------------------------------------

def test_print_styles_hide_the_chrome_and_show_static_charts():
    css = (ROOT / "_static" / "print.css").read_text(encoding="utf-8")
    assert css.count("{") == css.count("}")
    body = css[css.index("@media print"):]
    for selector in (".bd-sidebar-primary", ".bd-sidebar-secondary", ".bd-header", ".header-article",
                     ".prev-next-area", ".edition-chart-interactive"):
        assert selector in body, selector
    assert re.search(r"\.edition-chart-static[^{]*\{[^}]*display:\s*block", body)
    assert re.search(r"tr[^{]*\{[^}]*break-inside:\s*avoid", body)
    assert re.search(r"thead\s*\{[^}]*table-header-group", body)


def test_the_pages_workflow_builds_tests_and_deploys_the_html():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    build = workflow["jobs"]["build"]
    steps = build["steps"]
    python = [s for s in steps if str(s.get("uses", "")).startswith("actions/setup-python")]
    assert python and str(python[0]["with"]["python-version"]) == "3.11"
    commands = "\n".join(s.get("run", "") for s in steps)
    assert "make book" in commands and "make test" in commands
    assert commands.index("make book") < commands.index("make test")
    upload = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-pages-artifact")]
    assert upload and upload[0]["with"]["path"] == "_build/html"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["permissions"]["pages"] == "write"
    assert any(str(s.get("uses", "")).startswith("actions/deploy-pages") for s in deploy["steps"])


# ----------------------------------------------------------------------------------------
# On the built book
# ----------------------------------------------------------------------------------------

class _Page(HTMLParser):
    """Links (href, class, id, inside which headings) and ids of one built page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.links, self.stack = set(), [], []
        self.canonical = None
        self.text = io.StringIO()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append({"href": attrs["href"], "class": attrs.get("class") or "",
                               "id": attrs.get("id"), "in": list(self.stack)})
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs.get("href")
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6", "pre", "code", "summary"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if self.stack and tag == self.stack[-1]:
            self.stack.pop()

    def handle_data(self, data):
        self.text.write(data)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _resolve(site: Path, page: Path, href: str):
    target, anchor = urldefrag(urljoin(page.relative_to(site).as_posix(), href))
    return site / unquote(target), anchor


def _check_internal_links(site: Path, page: Path, links) -> list[str]:
    problems = []
    for link in links:
        if re.match(r"^[a-z]+:", link["href"]):
            continue
        target, anchor = _resolve(site, page, link["href"])
        if not target.is_file():
            problems.append(f"{link['href']}: no such file")
        elif anchor and anchor not in _parse(target).ids:
            problems.append(f"{link['href']}: no id '{anchor}'")
    return problems


CHAPTERS = sorted(p.stem for p in (ROOT / "chapters").glob("*.md"))


@pytest.mark.build
def test_the_sources_index_has_every_folio_and_working_links(built_book):
    page = built_book / "appendices" / "sources.html"
    parsed = _parse(page)
    rows = apparatus.report_citations()
    for row in rows:
        if row["source_key"].startswith("garf-"):
            for folio in parse_folios(row["locator"]):
                assert f"{row['source_key']}-l-{folio}" in parsed.ids, (row, folio)
    links = [link for link in parsed.links if urljoin("appendices/", link["href"]).startswith("chapters/")]
    assert links, "the index links to no chapter"
    assert _check_internal_links(built_book, page, links) == []


@pytest.mark.build
def test_every_folio_of_the_index_is_cited_by_the_edition(built_book):
    html = (built_book / "appendices" / "sources.html").read_text(encoding="utf-8")
    uncited = re.findall(r'<tr class="edition-folio[^"]*" id="([^"]+)">(?:(?!</tr>).)*not cited', html, re.S)
    assert uncited == [], f"folios the report cites that no note of the edition cites: {uncited}"


@pytest.mark.build
def test_the_bibliography_has_an_anchor_and_links_for_every_published_work(built_book):
    page = built_book / "appendices" / "bibliography.html"
    parsed = _parse(page)
    for work in apparatus.published_works(ROOT / "references.bib"):
        assert f"bib-{work.key}" in parsed.ids
    assert _check_internal_links(built_book, page, parsed.links) == []


@pytest.mark.build
def test_glossary_first_uses_point_at_the_linked_occurrence(built_book):
    page = built_book / "appendices" / "glossary.html"
    parsed = _parse(page)
    terms = apparatus.load_glossary()
    for term in terms:
        assert term.anchor in parsed.ids, term.id
    firsts = [link for link in parsed.links if "#gl-" in link["href"]]
    assert len(firsts) == len(terms), "some glossary term is not used in the edition (the page says so)"
    assert _check_internal_links(built_book, page, firsts) == []


@pytest.mark.build
def test_every_glossary_term_appears_in_the_edition(built_book):
    html = (built_book / "appendices" / "glossary.html").read_text(encoding="utf-8")
    unused = re.findall(r'<dt id="term-([^"]+)"(?:(?!<dt ).)*not in the text of the edition', html, re.S)
    assert not unused, f"glossary entries for terms the edition never uses: {unused}"


@pytest.mark.build
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapters_link_terms_once_outside_headings_and_end_with_a_citation(built_book, chapter):
    page = built_book / "chapters" / f"{chapter}.html"
    parsed = _parse(page)
    glossary = [link for link in parsed.links if "glossary-link" in link["class"]]
    assert glossary, "no term of the glossary is linked"
    targets = [link["href"].split("#")[1] for link in glossary]
    assert len(targets) == len(set(targets)), "a term is linked more than once on the page"
    assert not [link for link in glossary if link["in"]], "a term is linked inside a heading or code"
    assert _check_internal_links(built_book, page, glossary) == []
    html = page.read_text(encoding="utf-8")
    box = re.search(r'<details class="edition-cite">(.*?)</details>', html, re.S)
    assert box, "no 'How to cite this page' box"
    url = f"https://amnesty1945.github.io/edition/chapters/{chapter}.html"
    assert parsed.canonical == url
    assert f'href="{url}"' in box.group(1) and f"url = {{{url}}}" in box.group(1)


@pytest.mark.build
def test_launch_and_download_buttons_are_there(built_book):
    html = (built_book / "chapters" / f"{CHAPTERS[0]}.html").read_text(encoding="utf-8")
    assert re.search(rf"mybinder\.org/v2/gh/amnesty1945/edition/main\?urlpath=lab/tree/chapters/{CHAPTERS[0]}\.md", html)
    for suffix in (".md", ".ipynb"):
        href = f"../_sources/chapters/{CHAPTERS[0]}{suffix}"
        assert f'href="{href}"' in html
        assert (built_book / "_sources" / "chapters" / f"{CHAPTERS[0]}{suffix}").is_file()


@pytest.mark.build
def test_the_sitemap_and_the_data_archive_are_published(built_book):
    sitemap = (built_book / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    for chapter in CHAPTERS:
        assert f"https://amnesty1945.github.io/edition/chapters/{chapter}.html" in locs
    for loc in locs:
        assert (built_book / loc.removeprefix("https://amnesty1945.github.io/edition/")).is_file(), loc
    archive = built_book / "data" / apparatus.ARCHIVE_NAME
    assert zipfile.ZipFile(archive).testzip() is None
    data_page = (built_book / "appendices" / "data.html").read_text(encoding="utf-8")
    assert f'href="../data/{apparatus.ARCHIVE_NAME}"' in data_page
    for res in _descriptor()["resources"]:
        assert f'href="../data/{res["path"]}"' in data_page
        assert (built_book / "data" / res["path"]).is_file()


# ----------------------------------------------------------------------------------------
# The term linker of the extension, on a hand-made document
# ----------------------------------------------------------------------------------------

def _extension():
    """The term-linking extension, imported as the build imports it (``_ext`` on the path)."""
    import importlib
    import sys

    if str(ROOT / "_ext") not in sys.path:
        sys.path.insert(0, str(ROOT / "_ext"))
    return importlib.import_module("edition_glossary_links")


def test_the_linker_links_each_term_once_outside_headings_and_across_line_breaks():
    from types import SimpleNamespace

    from docutils import nodes
    from docutils.utils import new_document

    ext = _extension()
    document = new_document("test")
    section = nodes.section()
    section += nodes.title("", "The NKVD and the Gulag")
    para = nodes.paragraph()
    para += nodes.Text("The NKVD kept them ")
    para += nodes.emphasis("", "", nodes.Text("po volnomu"), nodes.Text("\n"), nodes.Text("naimu"))
    para += nodes.Text(", then the NKVD, the GULGMP and the NKPS; ")
    para += nodes.literal("", "GOKO")
    section += para
    section += nodes.paragraph("", "", nodes.Text("GOKO and NKPS again."))
    document += section
    app = SimpleNamespace(srcdir=str(ROOT),
                          env=SimpleNamespace(edition_apparatus_pages={"appendices/glossary": {"glossary"}}),
                          builder=SimpleNamespace(get_relative_uri=lambda a, b: "../appendices/glossary.html"))
    ext.link_terms(app, document, "chapters/x")
    links = [(r.astext(), r["refuri"].split("#")[1], r["ids"]) for r in document.findall(nodes.reference)]
    assert links == [
        ("NKVD", "term-nkvd", ["gl-nkvd"]),
        ("po volnomu\nnaimu", "term-po-volnomu-naimu", ["gl-po-volnomu-naimu"]),
        ("GULGMP", "term-gulgmp", ["gl-gulgmp"]),
        ("NKPS", "term-nkps", ["gl-nkps"]),
        ("GOKO", "term-goko", ["gl-goko"]),  # not the one in code, the next one
    ]
    assert section[0].astext() == "The NKVD and the Gulag"  # the heading is untouched
    assert para.astext() == ("The NKVD kept them po volnomu\nnaimu, then the NKVD, the GULGMP and the NKPS; GOKO")
    # the glossary's "first used" computation agrees with the links made
    fresh = new_document("test")
    fresh += nodes.paragraph("", "", nodes.Text("The NKPS and the NKVD."))
    assert ext._first_terms(fresh, ext._matcher(app)) == ["nkps", "nkvd"]


@pytest.mark.build
def test_the_print_styles_reach_the_pages(built_book):
    """print.css is served with every page (linked, or merged into a linked bundle)."""
    page = built_book / "chapters" / f"{CHAPTERS[0]}.html"
    html = page.read_text(encoding="utf-8")
    sheets = re.findall(r'<link[^>]*rel="stylesheet"[^>]*href="([^"?]+)', html)
    sheets += re.findall(r'<link[^>]*href="([^"?]+)"[^>]*rel="stylesheet"', html)
    css = "".join((page.parent / href).read_text(encoding="utf-8") for href in set(sheets)
                  if (page.parent / href).is_file())
    own = (ROOT / "_static" / "print.css").read_text(encoding="utf-8")
    rule = re.search(r"thead\s*\{[^}]*\}", own).group(0)
    assert rule in css, "the rules of _static/print.css are not in any stylesheet of the page"
