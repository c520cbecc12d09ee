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
