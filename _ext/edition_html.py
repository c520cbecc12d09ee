"""BeautifulSoup serialization shared by the extensions that change HTML after it is made.

BeautifulSoup's default formatter sorts each tag's attributes; :data:`AS_WRITTEN` keeps them
in the order the templates and the chart code wrote them, so a page changed after the fact
reads as it was written (and tests that look for a tag as written still find it).
"""
from __future__ import annotations

from bs4.dammit import EntitySubstitution
from bs4.formatter import HTMLFormatter


class _AsWritten(HTMLFormatter):
    """BeautifulSoup's "minimal" formatter, attributes in their written order."""

    def attributes(self, tag):
        return list(tag.attrs.items()) if tag.attrs else []


AS_WRITTEN = _AsWritten(entity_substitution=EntitySubstitution.substitute_xml)
