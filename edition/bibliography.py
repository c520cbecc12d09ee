"""Read ``references.bib`` with bibtexparser, and say exactly where it is broken.

bibtexparser 1.x skips an entry it cannot parse without a word, so a missing comma or
brace would surface later as an "unknown citation key" on some chapter. Here each entry
is handed to bibtexparser on its own: an entry that does not come back is a syntax error,
reported with the file, the entry's key and its line (and, for braces that never close,
the line where the entry opens). Duplicate keys are errors too, since bibtexparser would
silently keep the last one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from edition import paths

# Where an entry starts: '@type{' at the start of a line (BibTeX's own convention; text
# between entries is a comment). Only used to cut the file into entries for bibtexparser.
ENTRY_START = re.compile(r"^\s*@\s*(\w+)\s*[{(]\s*([^,\s]*)", re.M)
NOT_ENTRIES = {"comment", "preamble", "string"}


class BibliographyError(ValueError):
    """``references.bib`` is missing or cannot be read; the message names file, entry and line."""


@dataclass(frozen=True)
class Block:
    kind: str
    key: str
    line: int
    text: str


def _blocks(text: str) -> list[Block]:
    starts = list(ENTRY_START.finditer(text))
    blocks = []
    for i, match in enumerate(starts):
        at = text.index("@", match.start())
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        blocks.append(Block(match[1].lower(), match[2], text.count("\n", 0, at) + 1, text[at:end]))
    return blocks


def _unclosed_brace_line(block: Block) -> int | None:
    """The line of the first brace that is never closed within the entry, if any."""
    opened: list[int] = []
    line = block.line
    for char in block.text:
        if char == "\n":
            line += 1
        elif char == "{":
            opened.append(line)
        elif char == "}" and opened:
            opened.pop()
    return opened[-1] if opened else None


def _parse(text: str) -> list[dict]:
    import bibtexparser
    from bibtexparser.bparser import BibTexParser

    parser = BibTexParser(common_strings=True, ignore_nonstandard_types=False)
    return bibtexparser.loads(text, parser=parser).entries


def read(path: Path | None = None) -> dict[str, dict]:
    """Every entry of the bibliography, by key (fields as bibtexparser reads them).

    Raises :class:`BibliographyError` naming the file, the entry and the line of the first
    entry bibtexparser cannot read, or of a key used twice.
    """
    path = path or paths.bibliography_path()
    name = path.name
    if not path.is_file():
        raise BibliographyError(f"{name}: missing file at {path}. The book's bibliography must exist.")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise BibliographyError(f"{name}: not UTF-8 (byte {exc.start}). Save the file as UTF-8.") from exc
    entries: dict[str, dict] = {}
    for block in _blocks(text):
        if block.kind in NOT_ENTRIES:
            continue
        where = f"{name}, line {block.line}, entry '{block.key or '(no key)'}'"
        parsed = _parse(block.text)
        if len(parsed) != 1 or parsed[0].get("ID") != block.key:
            unclosed = _unclosed_brace_line(block)
            why = (f"a brace opened on line {unclosed} is never closed" if unclosed
                   else "a field is malformed (a missing comma between fields, a missing '=' or an unquoted value)")
            raise BibliographyError(f"{where}: bibtexparser cannot read this entry: {why}. "
                                    "Correct the entry (compare it with its neighbours).")
        if block.key in entries:
            raise BibliographyError(f"{where}: the key '{block.key}' is used twice. Give each work its own key.")
        entries[block.key] = parsed[0]
    return entries
