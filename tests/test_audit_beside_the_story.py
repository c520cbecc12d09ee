"""The audit beside the story: narrative paragraphs carry no audit arithmetic.

A figure the audit questions carries its ``{audit}`` marker in the prose; the explanation
(printed against recomputed values, bases, sums) lives in the marker's editorial note and on
the audit page. So a narrative paragraph of a chapter (not a footnote, a caption or a code
cell) may say at most once that the report's figures and the edition's differ, and never
works a sum out in the text.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("*.md"))

BOOKKEEPING = re.compile(r"recomput|adds? up to|implied base|at the precision printed|rounding error|"
                         r"the counts give|the edition's computation", re.I)
ARITHMETIC = re.compile(r"`\s*(?:[+\u2212\u00d7\u00f7=]|minus|plus|divided by)\s*\{glue", re.I)
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z{\"\u201c])")


def narrative_paragraphs(text: str) -> list[str]:
    """Paragraphs of running prose: no code cells, directives, footnote definitions,
    indented continuations or table and chart source lines."""
    text = re.sub(r"^(```|:::).*?^\1\s*$", "", text, flags=re.S | re.M)
    paragraphs = []
    for block in re.split(r"\n\s*\n", text):
        first = block.lstrip()
        if not first or first.startswith(("[^", "#", "(", "---", "Source", "Sources", ":", "|", ">")) or block.startswith(" "):
            continue
        paragraphs.append(" ".join(block.split()))
    return paragraphs


def audit_problems(text: str) -> list[str]:
    problems = []
    for paragraph in narrative_paragraphs(text):
        sentences = [s for s in SENTENCE.split(paragraph) if BOOKKEEPING.search(s)]
        if len(sentences) > 1:
            problems.append(f"{len(sentences)} sentences of audit bookkeeping: {paragraph[:120]}...")
        if ARITHMETIC.search(paragraph):
            problems.append(f"a sum worked out in the prose: {paragraph[:120]}...")
    return problems


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_narrative_paragraphs_carry_no_audit_arithmetic(path):
    problems = audit_problems(path.read_text(encoding="utf-8"))
    assert not problems, f"{path.name}: move these to the marker's editorial note:\n" + "\n".join(problems)


def test_the_check_finds_bookkeeping_and_sums():
    story = ("The camps freed {glue:text}`a` people. The report prints 65.4%, but the recomputation gives "
             "{glue:text}`b`. The counts give a different base, which adds up to {glue:text}`c`.\n\n"
             "In all {glue:text}`x` + {glue:text}`y` were freed.\n\n"
             "[^ed-x]: Editorial note: the recomputation gives {glue:text}`b`; the counts give {glue:text}`c`.\n")
    problems = audit_problems(story)
    assert len(problems) == 2 and "2 sentences" in problems[0] and "sum" in problems[1]
    assert audit_problems("One sentence: the report's shares differ from the recomputation.\n") == []
