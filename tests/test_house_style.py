"""The house style of the edition's prose, as the About page states it.

Three rules are checked on the MyST sources of ``chapters/``, ``appendices/`` and ``intro.md``
(no build needed):

(a) **Glossary forms.** Every term of ``data/glossary.csv`` is written in its glossary form: no
    soft sign dropped (``po volnomu naimu`` for *po vol'nomu naimu*) or typed as another mark, no
    hyphen turned into a space or a space into a hyphen, no British spelling
    (``corrective-labour camp``), and none of the known other spellings (the report's
    ``proezdnyi billet``, ``Dal'stoi``). Place names in Library of Congress form
    (:data:`PLACE_NAMES`) and the conventional English forms of well-known names
    (:data:`CONVENTIONAL_NAMES`) are held to the same rule.
(b) **American spelling.** None of the British spellings of :data:`BRITISH_SPELLINGS`.
(c) **Dates as month day, year.** No day-month dates ("7 July 1945", "the 7th of July").
(d) **Editorial notes marked as the edition's.** A footnote labelled ``[^ed-...]`` begins
    "Editorial note:", so that a reader never takes it for one of the report's notes.

Only prose is read: the page is parsed with markdown-it-py and myst-parser's MyST plugins (the
parser the book is built with, with the extensions ``_config.yml`` enables). Front matter, code
cells, inline code, roles (``{src}``, ``{glue:text}``, ``{datafile}`` ...), HTML, substitutions
and directive options are left out; captions and the bodies of other directives are parsed again
as prose. So a data file's name such as ``retention_as_free_labour`` is not prose.

One allowance for rule (a): a sentence that says how the report prints or spells something may
quote the report's form ("the report prints *proezdnyi billet*"); editorial notes need it.

Each checker returns what it finds; the tests at the end feed each one a bad sample, so that every
rule is seen to fail when it should.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest
import yaml
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from edition import data

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted([*(ROOT / "chapters").glob("*.md"), *(ROOT / "appendices").glob("*.md"), ROOT / "intro.md"])

# --- prose ------------------------------------------------------------------------------------

# Directives whose body is code, data or a key, never prose.
NOT_PROSE = {"code-cell", "code-block", "code", "sourcecode", "glue", "glue:any", "glue:text",
             "glue:math", "raw", "math", "eval-rst", "csv-table", "bibliography", "toctree",
             "include", "literalinclude", "mermaid"}
# Directives whose argument is a key or a path rather than a caption.
KEY_ARGUMENT = {"glue:figure", "figure", "image"}
# Inline tokens that are not prose; they become a space so words on either side stay apart.
NOT_PROSE_INLINE = {"code_inline", "myst_role", "html_inline", "math_inline", "math_inline_double",
                    "footnote_ref", "substitution_inline", "image"}


@lru_cache(maxsize=1)
def _parser():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    extensions = set(config.get("parse", {}).get("myst_enable_extensions", []))
    return create_md_parser(MdParserConfig(enable_extensions=extensions), RendererHTML)


def _inline_text(children) -> str:
    parts = []
    for child in children or []:
        if child.type == "text":
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type in NOT_PROSE_INLINE:
            parts.append(" ")
    return "".join(parts)


def prose(text: str, first_line: int = 1) -> list[tuple[int, str]]:
    """The prose of a MyST page as ``(line number, text)`` pieces, in reading order."""
    pieces: list[tuple[int, str]] = []
    for token in _parser().parse(text):
        line = first_line + (token.map[0] if token.map else 0)
        if token.type == "inline":
            pieces.append((line, _inline_text(token.children)))
        elif token.type in ("fence", "colon_fence"):
            directive = re.match(r"\{([^}]+)\}\s*(.*)", token.info.strip())
            if not directive or directive.group(1) in NOT_PROSE:
                continue  # a code block, or a directive without prose
            name, argument = directive.groups()
            if argument and name not in KEY_ARGUMENT:
                pieces.extend(prose(argument, line))
            body = token.content.split("\n")
            options = 0
            while options < len(body) and re.match(r"\s*:[\w-]+:", body[options]):
                options += 1
            pieces.extend(prose("\n".join(body[options:]), line + 1 + options))
    return pieces


@dataclass(frozen=True)
class Finding:
    line: int
    found: str
    fix: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.found!r} -> {self.fix}"


def _findings(text: str, pattern: re.Pattern, fix_for, allowed=lambda piece, start: False) -> list[Finding]:
    found = []
    for line, piece in prose(text):
        for match in pattern.finditer(piece):
            if not allowed(piece, match.start()):
                found.append(Finding(line + piece.count("\n", 0, match.start()), match.group(0),
                                     fix_for(match)))
    return found


# --- (a) glossary forms -----------------------------------------------------------------------

SOFT_SIGN_SLIPS = ("", "\u2019", "\u02b9")  # dropped, typed as a curly apostrophe, as a prime
# American form -> British or other slip a writer may type inside a term.
SPELLING_SLIPS = (("labor", "labour"), ("defense", "defence"), ("offense", "offence"),
                  ("counterrevolutionary", "counter-revolutionary"), ("center", "centre"))
# Place names the edition writes in Library of Congress form, with the soft sign.
PLACE_NAMES = ("Arkhangel'sk", "Noril'sk", "Komsomol'sk", "Sovgavan'")
# Other spellings that no rule above produces, by the form the edition uses: the report's
# misprints (given in glossary.csv's notes), English exonyms, and literal transliterations of
# names that have a conventional English form.
KNOWN_SLIPS = {
    "proezdnoi bilet": ("proezdnyi bilet", "proezdnyi billet", "proezdnoi billet"),
    "Dal'stroi": ("Dal'stoi", "Dalstoi"),
    "Gosudarstvennyi komitet oborony": ("komitet oboronyi",),
    "otdel ucheta i raspredeleniia zakliuchennykh": ("raspredeleniia zaliuchennyh",),
    "Arkhangel'sk": ("Archangel", "Archangelsk"),
}
CONVENTIONAL_NAMES = {
    "Beria": ("Beriia", "Beriya"),
    "Lavrenty": ("Lavrentii", "Lavrentiy"),
    "Moscow": ("Moskva",),
    "Khrushchev": ("Khrushchov", "Khrushchyov", "Khrushchiov"),
    "Solzhenitsyn": ("Solzhenitsin", "Solzhenitzyn"),
}
# English plurals of Russian words that the glossary lists among a term's forms and the edition
# accepts (the soft sign falls away before the English ending).
ENGLISH_PLURALS = ("oblasts",)
# A sentence that names how the report prints or spells something may quote the report's form.
QUOTES_THE_REPORT = re.compile(r"\b(?:prints?|printed|printing|spells?|spelled|spelt|spelling|"
                               r"misprint\w*)\b", re.IGNORECASE)


def _pieces(cell: str) -> list[str]:
    """The forms in a glossary cell: parentheses dropped, split at commas and semicolons."""
    cell = re.sub(r"\s*\([^)]*\)", "", cell or "")
    return [p.strip() for p in re.split(r"[;,]\s*", cell) if p.strip()]


def _replace_keeping_case(text: str, old: str, new: str) -> str:
    def swap(match: re.Match) -> str:
        word = match.group(0)
        return new[0].upper() + new[1:] if word[0].isupper() else new
    return re.sub(re.escape(old), swap, text, flags=re.IGNORECASE)


def slips(form: str, transliterated: bool = True) -> set[str]:
    """The spellings of ``form`` a writer plausibly slips into (``form`` itself excluded).

    The slips combine: a dropped soft sign, a British spelling and a hyphen typed as a space
    may all occur in one phrase ("corrective labour camp").
    """
    out = {form}
    if transliterated and "'" in form:
        out |= {form.replace("'", mark) for mark in SOFT_SIGN_SLIPS}
    for american, other in SPELLING_SLIPS:
        out |= {_replace_keeping_case(f, american, other) for f in out if american in f.lower()}
    for f in list(out):
        for i, char in enumerate(f):
            if char in "- " and 0 < i < len(f) - 1:
                out.add(f[:i] + ("-" if char == " " else " ") + f[i + 1:])
    out.discard(form)
    return out


def _term_regex(term: str) -> re.Pattern:
    """A form as a whole word or phrase, with an optional plural, not followed by a soft sign."""
    return re.compile(rf"(?<![\w'\u2019\u02b9-]){re.escape(term)}(?:e?s)?(?![\w'\u2019\u02b9])", re.IGNORECASE)


@lru_cache(maxsize=1)
def glossary_slips() -> tuple[dict[str, str], frozenset[str]]:
    """Every slip the rules produce, mapped to the form the edition uses instead, and the
    forms (lower case) that are the edition's own, which a slip's plural may not shadow."""
    wrong: dict[str, str] = {}
    right: set[str] = set()
    for _, row in data.rows("glossary").iterrows():
        native = _pieces(row["term"]) + _pieces(row["russian"])
        english = _pieces(row["english"]) if str(row["english"]) in str(row["forms"]) else []
        canonical = native + english
        made = {s: form for form in native for s in slips(form)}
        made |= {s: form for form in english for s in slips(form, transliterated=False)}
        for form in canonical:
            made |= {s: form for s in KNOWN_SLIPS.get(form, ())}
        # A form the glossary lists is the edition's own unless it is one of the slips above
        # (the glossary also lists the report's spellings, so that they are found and linked).
        listed = [f.strip() for f in str(row["forms"]).split(";") if f.strip() and not f.startswith("re:")]
        own = set(canonical) | {f for f in listed
                                 if not any(_term_regex(s).fullmatch(f) for s in made)}
        right |= {f.lower() for f in own}
        wrong |= made
    right |= set(ENGLISH_PLURALS)
    for place in PLACE_NAMES:
        wrong |= {s: place for s in slips(place) | set(KNOWN_SLIPS.get(place, ()))}
        right.add(place.lower())
    for name, others in CONVENTIONAL_NAMES.items():
        wrong |= {other: name for other in others}
        right.add(name.lower())
    return {s: form for s, form in wrong.items() if s.lower() not in right}, frozenset(right)


@lru_cache(maxsize=1)
def _glossary_pattern() -> re.Pattern:
    by_length = sorted(glossary_slips()[0], key=len, reverse=True)
    return re.compile("|".join(_term_regex(s).pattern for s in by_length), re.IGNORECASE)


def _quotes_the_report(piece: str, start: int) -> bool:
    sentence_start = max(piece.rfind(". ", 0, start), piece.rfind(".\n", 0, start)) + 1
    end = re.search(r"[.!?](?:\s|$)", piece[start:])
    sentence = piece[sentence_start: start + (end.end() if end else len(piece))]
    return bool(QUOTES_THE_REPORT.search(sentence))


def off_glossary_forms(text: str) -> list[Finding]:
    """Every glossary term (or listed name) written in a form other than the edition's."""
    wrong, right = glossary_slips()
    slips_map = {s.lower(): form for s, form in wrong.items()}

    def fix(match: re.Match) -> str:
        word = match.group(0).lower()
        form = slips_map.get(word) or slips_map.get(re.sub(r"e?s$", "", word))
        return f"write {form!r}"

    def allowed(piece: str, start: int) -> bool:
        word = _glossary_pattern().match(piece, start).group(0)
        return word.lower() in right or _quotes_the_report(piece, start)
    return _findings(text, _glossary_pattern(), fix, allowed=allowed)


# --- (b) American spelling --------------------------------------------------------------------

# British spelling (a regular expression for the word and its endings) -> the American form.
BRITISH_SPELLINGS = {
    r"labour(?:s|ed|er|ers|ing)?": "labor",
    r"(?:col|fav|hon|behavi|neighb|harb|rum|vig|endeav|hum|arm|od|flav|parl|val|rig|splend)our(?:s|ed|ing|able|ite|ites)?": "-or (color, favor, honor, behavior ...)",
    r"(?:off|def|pret)ences?": "-ense (offense, defense, pretense)",
    r"licence[sd]?": "license",
    r"(?:cent|met|lit|theat|fib|calib|somb|spect|lust|meag)res?": "-er (center, meter, theater, fiber ...)",
    r"centred": "centered",
    r"manoeuvres?": "maneuver",
    r"(?:organ|real|recogn|mobil|central|character|emphas|critic|author|summar|minim|maxim|standard|"
    r"legal|stabil|penal|util|material|apolog|categor|final|normal|rational|special|terror|capital|"
    r"familiar|hospital|memor|modern|national|privat|collectiv|industrial|urban|democrat|stigmat|"
    r"subsid|symbol|sympath|jeopard)is(?:e|es|ed|ing|ation|ations)": "-ize, -ization",
    r"(?:anal|paral|catal)ys(?:e|es|ed|ing)": "-yze",
    r"(?:travell|cancell|labell|modell|signall|totall|fuell|levell|marshall|quarrell|channell|"
    r"tunnell|counsell)(?:ed|ing|er|ers|or|ors)": "one l (traveled, canceled, labeled ...)",
    r"programmes?": "program",
    r"catalogues?": "catalog",
    r"(?:judge|acknowledge)ments?": "judgment, acknowledgment",
    r"ageing": "aging",
    r"grey": "gray",
    r"storeys": "stories",
    r"ploughs?": "plow",
    r"sceptic(?:al|ism|s)?": "skeptic",
    r"gaols?": "jail",
    r"cheques?": "check",
    r"whilst": "while",
    r"(?:an|h|leuk)aem\w*|diarrhoea|oesophag\w*|paediatric\w*|orthopaedic\w*|encyclopaedi\w*|"
    r"mediaeval|foet(?:us|al)": "e for ae/oe (anemia, diarrhea, fetus ...)",
    r"(?:fulfil|enrol|instil|distil)(?:s|ment|ments)?": "-ll (fulfill, enroll ...)",
    r"(?:skil|wil)ful(?:ly)?": "skillful, willful",
    r"practis(?:e|es|ed|ing)": "practice",
    r"per\s+cent": "percent",
}
_BRITISH = re.compile("|".join(rf"(?P<b{i}>\b{p}\b)" for i, p in enumerate(BRITISH_SPELLINGS)),
                      re.IGNORECASE)


def british_spellings(text: str) -> list[Finding]:
    """Every British spelling of :data:`BRITISH_SPELLINGS` in the prose of a MyST page."""
    american = list(BRITISH_SPELLINGS.values())

    def fix(match: re.Match) -> str:
        return f"American spelling: {american[int(match.lastgroup[1:])]}"
    return _findings(text, _BRITISH, fix)


# --- (c) dates --------------------------------------------------------------------------------

MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
          r"Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.")
_DAY_MONTH = re.compile(rf"\b(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}}(?:st|nd|rd|th)?)?"
                        rf"\s+(?:of\s+)?(?:{MONTHS})(?=\W|$)(?:,?\s+\d{{4}})?")


def day_month_dates(text: str) -> list[Finding]:
    """Every date written day first ("7 July 1945") in the prose of a MyST page."""
    def fix(match: re.Match) -> str:
        return "write month day, year (July 7, 1945)"
    return _findings(text, _DAY_MONTH, fix)


# --- (d) editorial notes ----------------------------------------------------------------------

EDITORIAL_LABEL = re.compile(r"ed-")
EDITORIAL_OPENING = "Editorial note:"


def unmarked_editorial_notes(text: str) -> list[Finding]:
    """Every ``[^ed-...]`` footnote whose text does not begin with "Editorial note:"."""
    found = []
    tokens = _parser().parse(text)
    for i, token in enumerate(tokens):
        label = token.meta.get("label", "") if token.type == "footnote_reference_open" else ""
        if not EDITORIAL_LABEL.match(label):
            continue
        first = next((t for t in tokens[i + 1:] if t.type == "inline"), None)
        opening = _inline_text(first.children).lstrip() if first else ""
        if not opening.startswith(EDITORIAL_OPENING):
            found.append(Finding(token.map[0] + 1, f"[^{label}]: {opening[:40]}",
                                 f"begin the note with {EDITORIAL_OPENING!r}"))
    return found


# --- the pages --------------------------------------------------------------------------------

CHECKS = {"glossary form": off_glossary_forms, "British spelling": british_spellings,
          "day-month date": day_month_dates, "editorial note": unmarked_editorial_notes}


def _page_id(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("rule", CHECKS)
@pytest.mark.parametrize("page", PAGES, ids=_page_id)
def test_page_keeps_the_house_style(page: Path, rule: str):
    findings = CHECKS[rule](page.read_text(encoding="utf-8"))
    assert not findings, (f"{_page_id(page)} breaks the house style ({rule}; see appendices/about.md):\n"
                          + "\n".join(f"  {_page_id(page)}:{f}" for f in findings))


# --- each checker catches what it should, and only in prose -----------------------------------

HEADER = "---\njupytext:\n  formats: md:myst\n---\n\n"


def test_glossary_checker_catches_each_kind_of_slip():
    sample = HEADER + ("They stayed as free hired labor (*po volnomu naimu*) at Noril’sk and\n"
                       "Komsomolsk, in corrective labour camps of Dalstroi, for counter-revolutionary crimes.\n"
                       "Each had a proezdnyi billet to Archangel; Beriia signed.\n")
    found = {f.found for f in off_glossary_forms(sample)}
    assert found == {"po volnomu naimu", "Noril’sk", "Komsomolsk", "corrective labour camps",
                     "Dalstroi", "counter-revolutionary crimes", "proezdnyi billet", "Archangel",
                     "Beriia"}
    lines = {f.found: f.line for f in off_glossary_forms(sample)}
    assert lines["po volnomu naimu"] == 6 and lines["Beriia"] == 8


def test_glossary_checker_passes_the_glossary_forms():
    sample = HEADER + ("They stayed *po vol'nomu naimu* at Noril'sk and Komsomol'sk-Sovgavan', in\n"
                       "corrective-labor camps of Dal'stroi, for counterrevolutionary crimes, with a\n"
                       "*proezdnoi bilet* to Arkhangel'sk oblast'; Beria signed in Moscow.\n")
    assert off_glossary_forms(sample) == []


def test_glossary_checker_lets_a_note_quote_the_report():
    sample = HEADER + ("The report prints *proezdnyi billet* and spells the trust Dalstroi. Yet\n"
                       "they were paid po volnomu naimu.\n")
    assert [f.found for f in off_glossary_forms(sample)] == ["po volnomu naimu"]


def test_british_checker_catches_spellings_in_prose_only():
    sample = HEADER + ("# Forced labour\n\nThe centre organised colour programmes for each offence,\n"
                       "travelled far and cancelled 12 per cent.\n\n"
                       "```{code-cell} ipython3\nlabour = 'colour'\n```\n\n"
                       "Data: {datafile}`retention_as_free_labour`, `sector_labour_losses`.\n\n"
                       ":::{datatable} Who stayed as free labourers\n:name: tbl-labour\n\nDefence rows.\n:::\n")
    found = [f.found for f in british_spellings(sample)]
    assert found == ["labour", "centre", "organised", "colour", "programmes", "offence", "travelled",
                     "cancelled", "per cent", "labourers", "Defence"]


def test_british_checker_passes_american_and_neutral_words():
    sample = HEADER + ("Forced labor at the center organized color programs for each offense; the\n"
                       "emphasis on the enterprise, the exercise and the hours of four tours.\n")
    assert british_spellings(sample) == []


def test_date_checker_catches_day_first_dates():
    sample = HEADER + ("Issued on 7 July 1945 and the 7th of July, in force from 10–20 September,\n"
                       "not on July 7, 1945 or in July 1945.\n\n```{code-cell} ipython3\n# 7 July 1945\n```\n")
    assert [f.found for f in day_month_dates(sample)] == ["7 July 1945", "the 7th of July",
                                                           "10–20 September"]


def test_editorial_note_checker_catches_an_unmarked_note():
    sample = HEADER + ("A claim.[^ed-a][^ed-b][^r1]\n\n[^ed-a]: Editorial note: the edition counts.\n\n"
                       "[^ed-b]: The report prints it so.\n\n[^r1]: The report's own note.\n")
    assert [(f.line, f.found) for f in unmarked_editorial_notes(sample)] == [
        (10, "[^ed-b]: The report prints it so.")]
