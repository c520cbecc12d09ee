"""The glossary: :func:`load_glossary` reads ``data/glossary.csv`` (through :mod:`edition.data`)
and :func:`read_terms` checks it; :class:`TermMatcher` finds the terms in running text (with the forms each row
lists), which the extension uses to link the first occurrence of each term on a page to its
entry.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from edition.apparatus.base import ApparatusError

GLOSSARY_FIELDS = ("id", "term", "kind", "russian", "english", "gloss", "forms")


KINDS = {
    "institution": "Institution or office",
    "law": "Law and justice",
    "term": "Russian word or phrase",
    "archival": "Archival reference",
}


_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


APOSTROPHES = "'\u2019\u02bc\u02b9"


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    kind: str
    russian: str
    english: str
    gloss: str
    forms: tuple[str, ...]

    @property
    def anchor(self) -> str:
        """The id of the term's entry on the glossary page."""
        return f"term-{self.id}"

    @property
    def use_anchor(self) -> str:
        """The id given to the term's first linked occurrence on a page."""
        return f"gl-{self.id}"


def load_glossary() -> list[Term]:
    """The glossary's terms, in the file's order: ``data/glossary.csv`` read and validated
    through :mod:`edition.data` (the data package's schema), then checked by :func:`read_terms`."""
    from edition import data

    return read_terms(data.records("glossary"))


def read_terms(rows: Iterable[dict[str, str]], where: str = "data/glossary.csv") -> list[Term]:
    """Terms from the glossary's rows (cells as text), checked for what the schema cannot
    say: ids unique and fit for an anchor, a known kind, non-empty forms and gloss, patterns
    that compile. Errors name the file and line (the header is line 1)."""
    terms, seen = [], set()
    for line, row in enumerate(rows, start=2):
        at = f"{where}, line {line}"
        if tuple(row) != GLOSSARY_FIELDS:
            raise ApparatusError(f"{at}: the columns must be {','.join(GLOSSARY_FIELDS)}")
        if not _ID.match(row["id"] or ""):
            raise ApparatusError(f"{at}: id '{row['id']}' must be lower-case letters, digits and hyphens")
        if row["id"] in seen:
            raise ApparatusError(f"{at}: id '{row['id']}' is used twice")
        seen.add(row["id"])
        if row["kind"] not in KINDS:
            raise ApparatusError(f"{at}: kind '{row['kind']}' is not one of {', '.join(KINDS)}")
        for column in ("term", "gloss", "forms"):
            if not (row[column] or "").strip():
                raise ApparatusError(f"{at}: column '{column}' is empty")
        forms = tuple(f.strip() for f in row["forms"].split(";") if f.strip())
        for form in forms:
            if form.startswith("re:"):
                try:
                    re.compile(form[3:])
                except re.error as exc:
                    raise ApparatusError(f"{at}: bad pattern {form!r} ({exc})") from exc
        terms.append(Term(row["id"], row["term"].strip(), row["kind"], row["russian"].strip(),
                          row["english"].strip(), row["gloss"].strip(), forms))
    return terms


def _form_pattern(form: str) -> str:
    if form.startswith("re:"):
        return form[3:]
    out = []
    for i, char in enumerate(form):
        if char in APOSTROPHES:
            out.append(f"[{APOSTROPHES}]")
        elif char == " ":
            out.append(r"\s+")
        elif char in "-\u2011":
            out.append("[-\u2011]")
        elif i == 0 and char.islower():
            out.append(f"[{char}{char.upper()}]")  # a term may open a sentence
        else:
            out.append(re.escape(char))
    return "".join(out)


class TermMatcher:
    """Finds glossary terms in running text, longest form first, whole words only."""

    def __init__(self, terms: Iterable[Term]):
        self.terms = {t.id: t for t in terms}
        forms = [(form, t.id) for t in self.terms.values() for form in t.forms]
        forms.sort(key=lambda pair: (-len(pair[0]), pair[0]))
        self._groups: dict[str, str] = {}
        parts = []
        for n, (form, term_id) in enumerate(forms):
            group = f"t{n}"
            self._groups[group] = term_id
            parts.append(f"(?P<{group}>{_form_pattern(form)})")
        body = "|".join(parts) or r"(?!x)x"
        self.pattern = re.compile(rf"(?<![\w{APOSTROPHES}])(?:{body})(?!\w)")

    def finditer(self, text: str):
        """``(term_id, start, end)`` of every match, left to right."""
        for match in self.pattern.finditer(text):
            yield self._groups[match.lastgroup], match.start(), match.end()

    def first_terms(self, texts: Iterable[str]) -> list[str]:
        """Term ids in order of first appearance across ``texts``."""
        seen: dict[str, None] = {}
        for text in texts:
            for term_id, _, _ in self.finditer(text):
                seen.setdefault(term_id, None)
        return list(seen)
