"""No hand-typed statistics: every figure in the prose is computed and pasted with glue.

The chapters (``chapters/*.md``) and the landing page (``intro.md``) are scanned as a
reader sees their prose: code cells, directive options, ``{role}`...``` contents (glue,
citations, cross-references), inline code, footnote labels, link targets and URLs are
left out. What remains may not contain a digit, a per cent sign, "per cent"/"percent",
or a spelled-out statistic ("fifty-three", "two-thirds", "one in five", "threefold").

The allowance is explicit and small (:data:`ALLOWED`):

* years (``1945``, ``1940s``, ``1939–1953``, ``1941-43``);
* dates with their day numbers (``July 7, 1945``, ``7 July 1945``, ``July 10–20``);
* article and decree numbers (``article 58-10``, ``193-10a``, ``articles 38 and 39``,
  ``order no. 00100``) and archival or page locators (``f. 9414, op. 1, d. 1246, l. 231``);
* legal terms in words such as ``five-year passport`` (a number word joined to
  ``-year``/``-month``/``-day``) and sentence lengths in words, the categories of the law
  and of the report's tables (``terms of ten to fifteen years``);
* the phrase ``per cent sign`` (naming the sign, not using it).

:func:`find_hand_typed` is the checker; other tests (``tests/test_bad_input.py``) call it.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
          "Jan\\.|Feb\\.|Mar\\.|Apr\\.|Jun\\.|Jul\\.|Aug\\.|Sept?\\.|Oct\\.|Nov\\.|Dec\\.")
DAY = r"\d{1,2}(?:st|nd|rd|th)?"
NUM = r"\d+(?:\s?[-–]\s?\d+)?[a-zа-я]?(?:\(\d+\))?"
LEGAL_WORDS = (r"articles?|arts?\.|decrees?|orders?|prikaz|ukaz|points?|paragraphs?|clauses?|sections?|"
               r"§|no\.|nos\.|number|contract|resolution|directive|instruction|circular|protocol")
LOCATORS = r"f|op|d|dd|l|ll|p|pp|vol|vols|t|fond|opis'|opis|delo|dela|list|listy"  # opis': the glossary form
NUMBER_WORD = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
               r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
               r"seventy|eighty|ninety|hundred|thousand")

ALLOWED = [
    # dates: "July 7, 1945", "July 10–20", "7 July 1945", "the 7th of July"
    rf"\b(?:{MONTHS})\s+{DAY}(?:\s*(?:[-–]|and|to)\s*{DAY})?(?:,?\s+(?:1[89]|20)\d{{2}})?\b",
    rf"\b{DAY}(?:\s*(?:[-–]|and|to)\s*{DAY})?\s+(?:of\s+)?(?:{MONTHS})(?:,?\s+(?:1[89]|20)\d{{2}})?",
    # years and year ranges: 1945, 1940s, 1939–1953, 1941-43, 1945/46
    r"\b(?:1[89]|20)\d{2}(?:\s?[-–/]\s?(?:(?:1[89]|20)\d{2}|\d{2}))?'?s?\b",
    # article / decree numbers with their word: "article 58-10", "articles 38 and 39"
    rf"\b(?:{LEGAL_WORDS})\s+(?:№\s*)?{NUM}(?:\s*(?:,|and|or|&)\s*(?:{NUM}|-\d{{1,2}}[a-z]?\b))*",
    # the Criminal Code's article families the report names, standing alone: 58-10, 193-10a
    # (and their abbreviated lists: "193-2, -5, -10a and -16")
    r"\b(?:58|59|193)-\d{1,2}[a-z]?(?:\s*(?:,|and|or)\s*-\d{1,2}[a-z]?\b)*",
    # archival and page locators: "f. 9414, op. 1, dd. 1228 and 1229, ll. 205–206", "p. 67"
    rf"\b(?:{LOCATORS})\.?\s*(?:\([^)]*\)\s*)?\d+[a-z]?(?:\s?[-–]\s?\d+[a-z]?)?(?:\s*(?:,|and)\s*\d+[a-z]?(?:\s?[-–]\s?\d+[a-z]?)?(?=\s*(?:,|and|\.|;|\)|$)))*",
    # legal terms in words: "five-year passport", "twenty-five-year sentence", and sentence
    # lengths as the categories the law and the tables use: "terms of ten to fifteen years"
    rf"\b(?:(?:{NUMBER_WORD})-)+(?:year|month|day|week)s?\b",
    rf"\b(?:(?:{NUMBER_WORD})[- ])*(?:{NUMBER_WORD})\s+(?:years?|months?)\b",
    # the sign itself, named in prose ("printed with a per cent sign"), and a table's unit
    # ("in per cent of all prisoners")
    r"\bper\s?cent\s+signs?\b",
    r"\bin\s+per\s?cent\s+of\b",
    # age limits of the law, in words: "older than fifty-five", "under the age of eighteen"
    rf"\b(?:(?:older|younger)\s+than|(?:under|over|above|below)\s+the\s+age\s+of)\s+(?:{NUMBER_WORD})(?:-(?:{NUMBER_WORD}))?\b",
]
ALLOWED_RE = re.compile("|".join(f"(?:{p})" for p in ALLOWED), re.IGNORECASE)

OFFENDING = re.compile(
    "|".join([
        r"[−+-]?\d[\d,.]*\s?%?",                                     # any digit left
        r"%",
        r"\bper\s?cent\b",
        # spelled-out numbers from thirteen up, compounds, and big units
        r"\b(?:thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|"
        r"fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?\b",
        r"\b(?:a|one|two|three|four|five|six|seven|eight|nine|ten|several)\s+(?:hundred|thousand|million|billion)\b",
        r"\b(?:hundred|thousand|million|billion)\b",
        # fractions and ratios
        r"\b(?:one|two|three|four|five|six|seven|eight|nine)[- ](?:half|halves|thirds?|quarters?|fifths?|"
        r"sixths?|sevenths?|eighths?|ninths?|tenths?)\b",
        r"\b(?:a|one)\s+(?:third|quarter|fifth|sixth|tenth)\s+of\b",
        r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:in|out\s+of)\s+(?:every\s+)?"
        r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|hundred|a\s+hundred)\b",
        r"\b(?:two|three|four|five|six|seven|eight|nine|ten|hundred)[- ]?fold\b",
        r"\btwice\s+as\s+(?:many|much|large|high|likely)\b",
    ]),
    re.IGNORECASE,
)

# Fenced blocks whose content is code or data, not prose (their content is skipped).
CODE_DIRECTIVES = {"code-cell", "code-block", "code", "sourcecode", "literalinclude", "raw", "math",
                   "glue", "glue:any", "glue:figure", "glue:math", "include", "csv-table", "eval-rst",
                   "mermaid", "bibliography", "toctree"}
# Directives whose argument is a key or a path, not a caption.
KEY_ARGUMENT = {"glue", "glue:any", "glue:figure", "glue:math", "figure", "image", "literalinclude",
                "include", "code-cell", "code-block", "code", "bibliography"}


def _prose_blocks(text: str) -> list[tuple[int, str]]:
    """Paragraphs of prose as (first line number, text), skipping front matter and code."""
    lines = text.split("\n")
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    fences: list[tuple[str, bool, bool]] = []  # (closing marker, skip content, in option header)

    def flush():
        nonlocal current
        if current:
            blocks.append((start, current))
        current = []

    i = 0
    if lines and lines[0].strip() == "---":  # YAML front matter
        end = next((j for j in range(1, len(lines)) if lines[j].strip() == "---"), 0)
        i = end + 1
    in_comment = False
    while i < len(lines):
        line = lines[i]
        number = i + 1
        i += 1
        stripped = line.strip()
        if in_comment:
            if "-->" in line:
                in_comment = False
            continue
        if stripped.startswith("<!--"):
            if "-->" not in stripped:
                in_comment = True
            flush()
            continue
        fence = re.match(r"^\s*(`{3,}|~{3,}|:{3,})\s*(\{([^}]+)\})?\s*(.*)$", line)
        if fence:
            marker, _, name, argument = fence.groups()
            if fences and marker[0] == fences[-1][0][0] and len(marker) >= len(fences[-1][0]) \
                    and not name and not argument:
                fences.pop()
                flush()
                continue
            if name is not None or marker[0] != ":" or not fences or not fences[-1][1]:
                if fences and fences[-1][1]:
                    continue  # a fence-like line inside code
                flush()
                name = (name or "").strip()
                skip = marker[0] != ":" and not name or name in CODE_DIRECTIVES
                fences.append((marker, skip, True))
                if name and name not in KEY_ARGUMENT and argument.strip():
                    blocks.append((number, [" " * (len(line) - len(argument)) + argument]))
                continue
        if fences and fences[-1][1]:
            continue
        if fences and fences[-1][2]:
            if re.match(r"^\s*:[\w-]+:", line):  # directive options
                continue
            fences[-1] = (fences[-1][0], fences[-1][1], False)
        if not stripped or stripped.startswith("+++") or re.match(r"^\s*\([\w:-]+\)=\s*$", line):
            flush()
            continue
        if not current:
            start = number
        current.append(line)
    flush()
    return [(s, "\n".join(b)) for s, b in blocks]


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def _mask(text: str) -> str:
    """Blank out what is not prose: roles, inline code, math, footnote labels, URLs, targets."""
    text = re.sub(r"\{[^}\s]+\}(`+)(.+?)\1", _blank, text, flags=re.S)        # {role}`...`
    text = re.sub(r"(`+)(.+?)\1", _blank, text, flags=re.S)                    # inline code
    text = re.sub(r"\$\$.+?\$\$|\$[^$\n]+\$", _blank, text, flags=re.S)        # math
    text = re.sub(r"\[\^[\w-]+\]:?", _blank, text)                              # footnote labels
    text = re.sub(r"\]\([^)]*\)", _blank, text)                                # link targets
    text = re.sub(r"<(?:https?|mailto):[^>]+>|https?://\S+|doi:\S+|\b10\.\d{4,}/\S+", _blank, text)
    text = re.sub(r"</?[a-zA-Z][^>]*>", _blank, text)                          # inline HTML tags
    text = re.sub(r"\{\{.+?\}\}", _blank, text, flags=re.S)                    # substitutions
    text = re.sub(r"[*_]+(?=\w)|(?<=[\w'])[*_]+", _blank, text)                 # emphasis marks (*opis'*)
    text = re.sub(r"^\s*\[[\w-]+\]:\s*\S+.*$", _blank, text, flags=re.M)        # link definitions
    return ALLOWED_RE.sub(_blank, text)


def find_hand_typed(text: str) -> list[tuple[int, str]]:
    """Every hand-typed figure in a MyST page's prose, as (line number, offending text)."""
    found = []
    for start, block in _prose_blocks(text):
        masked = _mask(block)
        for match in OFFENDING.finditer(masked):
            token = match.group(0).strip()
            if not token or re.fullmatch(r"[−+-]", token):
                continue
            line = start + masked.count("\n", 0, match.start())
            found.append((line, token))
    return found


def report(path: Path) -> list[str]:
    """``file:line: text`` for every hand-typed figure of one page."""
    relative = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    lines = path.read_text(encoding="utf-8").split("\n")
    return [f"{relative}:{line}: {token!r} in: {lines[line - 1].strip()[:120]}"
            for line, token in find_hand_typed(path.read_text(encoding="utf-8"))]


PAGES = sorted(ROOT.glob("chapters/*.md")) + [ROOT / "intro.md"]


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_no_hand_typed_figures(page):
    problems = report(page)
    assert not problems, (
        "hand-typed figures in prose (compute them and paste them with {glue:text}; "
        "see tests/test_hand_typed_figures.py for what is allowed):\n" + "\n".join(problems))


# --- the checker itself -------------------------------------------------------------

HEADER = """---
jupytext:
  text_representation:
    extension: .md
kernelspec:
  name: python3
---

(probe)=
# A probe page of 1945
"""


@pytest.mark.parametrize("sentence", [
    "The camps released 620,753 prisoners.",
    "Nearly 30% of them were women.",
    "Some forty percent were young.",
    "The share fell by 8.8 points.",
    "fifty-three prisoners escaped.",
    "Two-thirds were unfit for heavy labour.",
    "A third of the releases came from colonies.",
    "One in five prisoners was released.",
    "The death rate rose threefold.",
    "Roughly 20-40 grams of salt a day.",
    "The amnesty freed a million prisoners.",
    "Twenty-five thousand invalids stayed behind.",
    "They served 6-10 years.",
    "See Table 1 for details.",
    "It happened in the 20th century.",
    "Some 40 per cent went home.",
    "Prisoners aged 17 to 30 made up most of the camp population.",
    "The decree cut terms by one half.",
])
def test_checker_flags_statistics(sentence):
    found = find_hand_typed(HEADER + "\n" + sentence + "\n")
    assert found, f"not flagged: {sentence}"
    assert all(line == 12 for line, _ in found), found


@pytest.mark.parametrize("sentence", [
    "The decree of July 7, 1945 freed prisoners sentenced under article 58-10 only in exceptional cases.",
    "On 7 July 1945 the Supreme Soviet issued it, and by August 20 the first wave was out.",
    "Between 1939-1953 and in the 1940s, and again in 1941-43, the Gulag grew.",
    "The articles 38 and 39 of the Regulations applied, as did 193-2, 193-10a and 193-16.",
    "Archive: GARF f. 9414, op. 1, d. 1229, l. 15 (a memorandum of July 1945).",
    "Cited from dd. 1228 and 1229, ll. 205–206 and pp. 270–271.",
    "Freed prisoners got a five-year passport, not a twenty-five-year sentence.",
    "The report puts it at {glue:text}`released-total` prisoners.{src}`#231: garf-9414-1-1246, l. 231`",
    "Two worlds tied together; one of the camps; the second half of the year.",
    "A link [to the data](https://example.org/data/2024/file.csv) and `code 123`.",
    "Hundreds of thousands of prisoners passed through the camps.",
    "A footnote[^r14] follows.",
    "Terms of ten to fifteen years, or twenty-five\nyears, printed without a per cent sign.",
    "Articles 193-2, -5, -10a and -16 applied; former prisoners older than fifty-five.",
    "Shares in per cent of all prisoners.",
    "The *fond* (collection) 9414 and *delo* (file) 1246; *list* (folio) 231.",
    "GARF, fond 9414, opis' 1, dela 1228, 1229 and 1246; *opis'* (inventory) 1.",
])
def test_checker_allows_the_allowance(sentence):
    assert find_hand_typed(HEADER + "\n" + sentence + "\n") == []


def test_checker_skips_code_options_and_labels():
    text = HEADER + """
```{code-cell} ipython3
:tags: [remove-cell]
total = 620753 + 12  # code may hold digits
```

:::{datatable} Prisoners by age group, 1945.
:name: tbl-age-released

```{glue} tbl-age-released
```

Source: GARF f. 9414, op. 1, d. 1246, l. 231.{src}`#112: garf-9414-1-1246, l. 231`
:::

[^r14]: The report adds a remark.{srctext}`#14: garf-9414-1-1229, l. 149`

<!-- a comment with 123 -->
"""
    assert find_hand_typed(text) == []


def test_checker_reports_the_line_of_a_caption_and_of_wrapped_prose():
    text = HEADER + """
:::{datatable} The 34,105 youngest prisoners.
:name: tbl-young
:::

A wrapped sentence that ends
with 45 percent.
"""
    found = find_hand_typed(text)
    assert (12, "34,105") in found
    assert any(line == 17 and "45" in token for line, token in found)
    assert any(line == 17 and token.lower() == "percent" for line, token in found)
