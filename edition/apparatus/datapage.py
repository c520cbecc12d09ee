"""The data page: :func:`data_files`, :func:`schema_table`, :func:`package_overview` and
:func:`resource_sections` describe the data files from ``data/datapackage.json``;
:func:`build_archive` packages them as one reproducible ZIP.
"""
from __future__ import annotations

import html
import json
import zipfile
from pathlib import Path

from edition import paths
from edition.apparatus.base import ApparatusError, HTMLBlock, _link

#: the name of the one-file download of the whole data package (built with the book)
ARCHIVE_NAME = "amnesty1945-data.zip"


def _package() -> dict:
    from edition.data import load_package
    return load_package()


def _rows(resource: str) -> int:
    """How many rows a data file has (read and validated through :mod:`edition.data`)."""
    from edition import data

    return len(data.records(resource))


def _constraints(spec: dict) -> str:
    parts = []
    for name, value in (spec.get("constraints") or {}).items():
        if name == "required" and value:
            parts.append("required")
        elif name == "unique" and value:
            parts.append("unique")
        elif name == "enum":
            parts.append("one of: " + ", ".join(str(v) for v in value))
        elif name == "pattern":
            parts.append(f"pattern {value}")
        elif name in ("minimum", "maximum", "minLength", "maxLength") or value not in (False, None):
            parts.append(f"{name} {value}")
    return "; ".join(parts)


def data_files(base: str = "../data/") -> list[dict]:
    """One dict per resource of the data package: name, file, title, rows, fields, link."""
    package = _package()
    out = []
    for res in package["resources"]:
        path = paths.data_dir() / res["path"]
        out.append({
            "name": res["name"], "path": res["path"], "title": res.get("title", res["name"]),
            "description": res.get("description", ""), "rows": _rows(res["name"]) if path.is_file() else 0,
            "fields": len(res.get("schema", {}).get("fields", [])), "href": base + res["path"],
            "sources": [s.get("title", "") for s in res.get("sources", [])],
            "primary_key": res.get("schema", {}).get("primaryKey"),
        })
    return out


def package_overview(base: str = "../data/") -> HTMLBlock:
    """A table of every data file (title, rows, fields, download link) and the archive link."""
    package = _package()
    files = data_files(base)
    rows = "\n".join(
        f"<tr><th scope=\"row\">{_link('#' + f['name'], f['title'])}</th>"
        f"<td class=\"num\">{f['rows']:,}</td><td class=\"num\">{f['fields']}</td>"
        f"<td>{_link(f['href'], f['path'])}</td></tr>" for f in files)
    total = sum(f["rows"] for f in files)
    licenses = ", ".join(_link(lic.get("path", ""), lic.get("title") or lic.get("name", "")) for lic in package.get("licenses", []))
    markup = (
        f'<p class="edition-download">{_link(base + ARCHIVE_NAME, "Download the whole data package")} '
        f"(one ZIP archive: {len(files)} data files, <code>datapackage.json</code> and the "
        f"transcription rules). License of the transcription: {licenses or 'see datapackage.json'}.</p>\n"
        '<div class="table-scroll"><table class="edition-data">\n'
        '<thead><tr><th scope="col">Data file</th><th scope="col" class="num">Rows</th>'
        '<th scope="col" class="num">Fields</th><th scope="col">Download</th></tr></thead>\n'
        f"<tbody>\n{rows}\n</tbody><tfoot><tr><th scope=\"row\">All files</th>"
        f'<td class="num">{total:,}</td><td></td><td>{_link(base + ARCHIVE_NAME, ARCHIVE_NAME)}</td></tr></tfoot>'
        "</table></div>")
    text = "\n".join(f"{f['path']}: {f['rows']} rows" for f in files)
    return HTMLBlock(markup, text)


def schema_table(name: str) -> list[dict]:
    """The fields of one resource: name, type, unit, constraints, description."""
    for res in _package()["resources"]:
        if res["name"] == name:
            return [{"field": f["name"], "type": f.get("type", "string"), "unit": f.get("unit", ""),
                     "constraints": _constraints(f), "description": f.get("description", f.get("title", ""))}
                    for f in res.get("schema", {}).get("fields", [])]
    raise ApparatusError(f"datapackage.json has no resource '{name}'")


def resource_sections(base: str = "../data/") -> HTMLBlock:
    """One section per data file: description, sources, row count, download, schema table."""
    blocks = []
    for f in data_files(base):
        fields = schema_table(f["name"])
        body = "\n".join(
            f"<tr><th scope=\"row\"><code>{html.escape(r['field'])}</code></th><td>{html.escape(r['type'])}</td>"
            f"<td>{html.escape(r['unit'])}</td><td>{html.escape(r['constraints'])}</td>"
            f"<td>{html.escape(r['description'])}</td></tr>" for r in fields)
        sources = "".join(f"<li>{html.escape(s)}</li>" for s in f["sources"] if s)
        key = f["primary_key"]
        key_text = (f" Primary key: <code>{html.escape(', '.join(key) if isinstance(key, list) else str(key))}</code>."
                    if key else "")
        blocks.append(
            f"<section class=\"edition-resource\" id=\"{html.escape(f['name'])}\">"
            f"<h3>{html.escape(f['title'])}</h3>"
            f"<p>{_link(f['href'], f['path'])} · {f['rows']:,} rows · {f['fields']} fields.{key_text}</p>"
            f"<p>{html.escape(f['description'])}</p>"
            + (f"<p>Sources:</p><ul>{sources}</ul>" if sources else "")
            + '<div class="table-scroll"><table class="edition-data edition-schema">'
              '<thead><tr><th scope="col">Field</th><th scope="col">Type</th><th scope="col">Unit</th>'
              '<th scope="col">Constraints</th><th scope="col">Description</th></tr></thead>'
              f"<tbody>{body}</tbody></table></div></section>")
    return HTMLBlock("\n".join(blocks), "\n".join(f["path"] for f in data_files(base)))


def archive_members(data_dir: Path | None = None) -> list[Path]:
    """The files that go into the data archive: the package's CSVs, its descriptor, README."""
    data_dir = data_dir or paths.data_dir()
    descriptor = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    members = [data_dir / "datapackage.json"]
    members += [data_dir / r["path"] for r in descriptor["resources"]]
    extra = [data_dir / "README.md", data_dir / "report_notes.csv"]
    members += [p for p in extra if p.is_file() and p not in members]
    missing = [p.name for p in members if not p.is_file()]
    if missing:
        raise ApparatusError(f"data archive: missing {', '.join(missing)}")
    return members


def build_archive(target: Path, data_dir: Path | None = None) -> Path:
    """Write the whole data package as one ZIP, byte-for-byte reproducible (fixed dates)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in archive_members(data_dir):
            info = zipfile.ZipInfo(f"amnesty1945-data/{path.name}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    return target
