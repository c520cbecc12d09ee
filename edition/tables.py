"""Tables as the book prints them: clean, escaped HTML built from a DataFrame.

pandas' own HTML carries a ``border`` attribute and a ``<style scoped>`` block that are
not valid HTML5, so chapters glue a :class:`Table` instead. Every cell is escaped: a data
label that holds markup is shown as text, never run. Columns are formatted already (the
table shows text made by :mod:`edition.show`); numeric-looking columns align right.
"""
from __future__ import annotations

import html

import pandas as pd


class Table:
    """A DataFrame of display strings, rendered as an accessible HTML table.

    ``header_column``: the column whose cells head their rows (``<th scope="row">``).
    ``numeric``: columns set flush right (figures); by default every column but the first.
    """

    def __init__(self, frame: pd.DataFrame, header_column: str | None = None,
                 numeric: list[str] | None = None, footer: pd.DataFrame | None = None):
        self.frame = frame.reset_index(drop=True)
        self.header_column = header_column if header_column is not None else self.frame.columns[0]
        self.numeric = list(numeric) if numeric is not None else [c for c in self.frame.columns if c != self.header_column]
        self.footer = footer

    def _row(self, row: pd.Series) -> str:
        cells = []
        for column, value in row.items():
            text = html.escape("" if pd.isna(value) else str(value))
            cls = ' class="num"' if column in self.numeric else ""
            if column == self.header_column:
                cells.append(f'<th scope="row"{cls}>{text}</th>')
            else:
                cells.append(f"<td{cls}>{text}</td>")
        return "<tr>" + "".join(cells) + "</tr>"

    def _repr_html_(self) -> str:
        num = ' class="num"'
        head = "".join(
            f'<th scope="col"{num if c in self.numeric else ""}>{html.escape(str(c))}</th>'
            for c in self.frame.columns
        )
        body = "\n".join(self._row(r) for _, r in self.frame.iterrows())
        foot = ""
        if self.footer is not None:
            foot = "<tfoot>" + "".join(self._row(r) for _, r in self.footer.iterrows()) + "</tfoot>"
        return (f'<div class="table-scroll"><table class="edition-data">\n<thead><tr>{head}</tr></thead>\n'
                f"<tbody>\n{body}\n</tbody>{foot}</table></div>")

    def __repr__(self) -> str:
        return self.frame.to_string(index=False)
