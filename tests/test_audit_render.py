"""The audit appendix's HTML table: anchors, links, escaping and breakable details (constructed frames)."""
from __future__ import annotations

import pandas as pd

from edition import audit


def test_audit_table_escapes_and_links():
    frame = pd.DataFrame({"Figure": ["<b>x</b>"], "Value": ["1"], "target": ["audit-x"]})
    html = audit.AuditTable(frame, row_ids=["audit-x"], links={"Figure": "target"})._repr_html_()
    assert '<tr id="audit-x">' in html
    assert '<a href="#audit-x">&lt;b&gt;x&lt;/b&gt;</a>' in html
    assert "target" not in html.split("<tbody>")[0]


def test_audit_table_details_are_escaped_and_breakable():
    frame = pd.DataFrame({"Figure": ["x"], "where": ["table <1>"], "Note": ["n"], "derivation": ["share(a/b, c_d)"]})
    html = audit.AuditTable(frame, details={"Figure": ("where", "text"), "Note": ("derivation", "code")})._repr_html_()
    assert '<span class="audit-detail">table &lt;1&gt;</span>' in html
    assert "<code>share(<wbr>a/<wbr>b,<wbr> c_<wbr>d)</code>" in html
    assert "derivation" not in html and "where" not in html.split("<tbody>")[0]


def test_corrections_to_the_reports_references_are_listed():
    """The Volkogonov year (the report's 1988 is the Russian original; the English edition is
    1991) and the Kokurin & Petrov title printed '1917-1930' are corrections of the report's
    references, listed on the audit page from references.bib."""
    from edition import bibliography

    rows = audit.reference_corrections().set_index("key")["correction"]
    assert "1988" in rows["volkogonov1988stalin"] and "1991" in rows["volkogonov1988stalin"]
    assert "1917-1930" in rows["kokurin2000gulag"] and "1918–1960" in rows["kokurin2000gulag"]
    assert bibliography.read()["volkogonov1988stalin"]["year"] == "1991"
