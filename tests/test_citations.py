"""Notes: parsing the {src} role and rendering archival and published citations."""
import pytest

from edition import citations


def test_parse_reads_report_notes_and_citations():
    note = citations.parse("#119: garf-9414-1-1229, l. 6; garf-9414-1-1228, l. 39")
    assert note.report_notes == (119,)
    assert note.citations == (citations.Citation("garf-9414-1-1229", "l. 6"),
                              citations.Citation("garf-9414-1-1228", "l. 39"))
    assert citations.parse("#14, 15: romashin1959amnistiia, pp. 71–72").report_notes == (14, 15)


def test_parse_rejects_what_it_cannot_read():
    with pytest.raises(citations.CitationError):
        citations.parse("")
    with pytest.raises(citations.CitationError):
        citations.parse("#3: garf 9414, l. 2")


def test_archival_note_renders_in_the_edition_form():
    note = citations.parse("#231: garf-9414-1-1246, l. 231")
    assert citations.plain(note) == "GARF f. 9414, op. 1, d. 1246, l. 231."


def test_every_archival_entry_has_the_structured_fields():
    entries = citations.bibliography()
    archival = {k: e for k, e in entries.items() if citations.is_archival(e)}
    assert set(archival) == {"garf-9414-1-1228", "garf-9414-1-1229", "garf-9414-1-1246"}
    for key, entry in archival.items():
        fond, opis, delo = key.split("-")[1:]
        assert (entry["fond"], entry["opis"], entry["delo"]) == (fond, opis, delo)


def test_published_note_names_author_title_year_and_locator():
    text = citations.plain(citations.parse("#1: solzhenitsyn1973gulag, p. 273"))
    assert text.startswith("Solzhenitsyn, ")
    assert "Gulag Archipelago" in text and "1973" in text and text.endswith("p. 273.")


def test_unknown_key_is_an_error_that_names_the_key():
    with pytest.raises(citations.CitationError, match="nosuchwork2099"):
        citations.check(citations.parse("#1: nosuchwork2099, p. 1"))


def test_a_bad_folio_is_reported_against_the_chapter_line(tmp_path):
    """A bad folio in a ``{src}`` note names the chapter file and the note's line (not the
    sources page, where the index used to find it): a one-page Sphinx project with MyST and
    the edition's notes extension, read in a second or two, no notebook executed."""
    import io
    import sys
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp

    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root / "_ext"))
    source = tmp_path / "src"
    (source / "chapters").mkdir(parents=True)
    (source / "conf.py").write_text(
        f"extensions = ['myst_parser', 'edition_sphinx']\nbibtex_bibfiles = [{str(root / 'references.bib')!r}]\n",
        encoding="utf-8")
    (source / "index.md").write_text("# Scratch\n\n```{toctree}\nchapters/x\n```\n", encoding="utf-8")
    (source / "chapters" / "x.md").write_text(
        "# A chapter\n\nA sound note.{src}`#1: garf-9414-1-1246, l. 231`\n\n"
        "A note with a page for a folio.{src}`#1: garf-9414-1-1246, p. 12`\n", encoding="utf-8")
    warnings = io.StringIO()
    app = SphinxTestApp("dummy", srcdir=source, builddir=tmp_path / "build", warning=warnings)
    try:
        app.build()
    finally:
        app.cleanup()
        sys.path.remove(str(root / "_ext"))
    problems = [line for line in warnings.getvalue().splitlines() if "src role" in line]
    assert len(problems) == 1, warnings.getvalue()
    assert "chapters/x.md:5" in problems[0] and "'p. 12' is not a folio locator" in problems[0], problems[0]
    assert "GARF f. 9414, op. 1, d. 1246" in problems[0]


def test_an_archival_citation_needs_a_readable_folio():
    with pytest.raises(citations.CitationError, match="has no folio"):
        citations.check(citations.parse("#1: garf-9414-1-1246"))
    with pytest.raises(citations.CitationError, match="runs backwards"):
        citations.check(citations.parse("#1: garf-9414-1-1246, ll. 208–109"))
    citations.check(citations.parse("#1: garf-9414-1-1246, ll. 205–206"))
