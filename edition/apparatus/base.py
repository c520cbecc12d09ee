"""What the sections of the apparatus share: their error type and HTML blocks for notebook cells."""
from __future__ import annotations

import html
import re


class ApparatusError(ValueError):
    """A locator, glossary row or manifest entry the apparatus cannot use."""


def _link(href: str, text: str) -> str:
    return f'<a href="{html.escape(href, quote=True)}">{html.escape(text)}</a>'


class HTMLBlock:
    """A piece of HTML for a notebook cell (rendered as is by myst-nb), with a text fallback."""

    def __init__(self, markup: str, text: str = ""):
        self.markup = markup
        self.text = text or re.sub(r"<[^>]+>", "", markup)

    def _repr_html_(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        return self.text
