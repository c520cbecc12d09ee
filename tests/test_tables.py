"""Tables render as escaped, accessible HTML."""
import pandas as pd

from edition.tables import Table


def test_cells_are_escaped_and_headed():
    table = Table(pd.DataFrame({"Group": ["<script>alert(1)</script>"], "Count": ["1,234"]}))
    html = table._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<th scope="row">&lt;script&gt;' in html
    assert '<th scope="col" class="num">Count</th>' in html
    assert 'border=' not in html and "<style" not in html
