"""One purged stylesheet for the whole book, built with tinycss2 when the build finishes.

The theme's stylesheets (basic, pydata, book theme, pygments, myst-nb, sphinx-design,
toggle and copy buttons: about 560 KB) and the project's own sheets are merged, in cascade
order, into ``_static/edition-site.css``. Third-party rules whose classes or ids appear
neither in a built page nor in a script the pages may load are dropped, and so are Font
Awesome's rules and fonts (``_static/edition-icons.css``, made by ``tools/make_icons.py``,
paints the few icons the pages show as CSS masks). The project's sheets join whole, except
the generated icon sheet, purged of the icons no page uses.

Stylesheets are parsed with tinycss2, so comments, strings, nested at-rules and escapes are
handled by a maintained CSS parser. Which selectors a page "may use" is a safelist test: a
selector is kept when every class and id it names occurs as a word in the pages or scripts.
"""
from __future__ import annotations

import posixpath
import re
from pathlib import Path

import tinycss2

GROUPING = {"media", "supports", "layer", "container", "document"}
"""At-rules whose block holds rules: purged recursively."""

ICON_CLASS = re.compile(r"^(fa|fas|far|fab|fa-.*|svg-inline--fa|fa-layers.*)$")
WORD = re.compile(r"[A-Za-z_][\w-]*")


def used_tokens(outdir: Path) -> set[str]:
    """Every word-like token of the built pages and of the scripts they may load."""
    tokens: set[str] = set()
    for page in outdir.rglob("*.html"):
        if page.relative_to(outdir).parts[0] == "_static":
            continue
        tokens.update(WORD.findall(page.read_text(encoding="utf-8", errors="replace")))
    for script in (outdir / "_static").rglob("*.js"):
        if script.name.startswith("fontawesome") or "locales" in script.parts:
            continue
        tokens.update(WORD.findall(script.read_text(encoding="utf-8", errors="replace")))
    return tokens


def _selectors(prelude: list) -> list[list]:
    """Split a rule's prelude at its top-level commas (tinycss2 nests () and [] as blocks)."""
    parts, current = [], []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            parts.append(current)
            current = []
        else:
            current.append(token)
    parts.append(current)
    return [p for p in parts if tinycss2.serialize(p).strip()]


def _names(tokens: list, classes: list[str], ids: list[str]) -> None:
    """Collect the class and id names a selector requires; arguments of functional
    pseudo-classes (``:not(.x)``, ``:is(...)``) and attribute selectors require nothing."""
    previous = None
    for token in tokens:
        if token.type == "ident" and previous is not None and previous.type == "literal" and previous.value == ".":
            classes.append(token.value)
        elif token.type == "hash":
            ids.append(token.value)
        previous = token


def needed(selector: list, used: set[str], icons: bool = False) -> bool:
    """Whether a selector (tinycss2 tokens) may match the pages."""
    classes: list[str] = []
    ids: list[str] = []
    _names(selector, classes, ids)
    for name in classes:
        if ICON_CLASS.match(name) and not icons:
            return False
        if name not in used:
            return False
    return all(i in used for i in ids)


def _purge_rules(rules: list, used: set[str], icons: bool) -> str:
    out = []
    for rule in rules:
        if rule.type == "at-rule":
            keyword = rule.lower_at_keyword
            prelude = tinycss2.serialize(rule.prelude).strip()
            if rule.content is None:  # a statement: @import, @charset, @namespace
                if keyword not in ("import", "charset"):
                    out.append(f"@{rule.at_keyword} {prelude};")
            elif keyword in GROUPING:
                inner = _purge_rules(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True),
                                     used, icons)
                if inner:
                    out.append(f"@{rule.at_keyword} {prelude}{{{inner}}}")
            elif keyword == "font-face" and "Font Awesome" in tinycss2.serialize(rule.content):
                continue
            else:
                head = f"@{rule.at_keyword} {prelude}" if prelude else f"@{rule.at_keyword}"
                out.append(f"{head}{{{tinycss2.serialize(rule.content).strip()}}}")
        elif rule.type == "qualified-rule":
            kept = [tinycss2.serialize(s).strip() for s in _selectors(rule.prelude) if needed(s, used, icons)]
            block = tinycss2.serialize(rule.content).strip()
            if kept and block:
                out.append(f"{','.join(kept)}{{{block}}}")
    return "".join(out)


def purge(css: str, used: set[str], icons: bool = False) -> str:
    """The rules of ``css`` that may match the pages; Font Awesome's go too, unless ``icons``."""
    return _purge_rules(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True), used, icons)


def _rebase(tokens: list, source_dir: Path, target_dir: Path) -> None:
    for token in tokens:
        if token.type == "url" or (token.type == "function" and token.lower_name == "url"):
            target = token.value if token.type == "url" else "".join(
                a.value for a in token.arguments if a.type == "string")
            if not target or re.match(r"^(data:|[a-z]+:|/|#)", target):
                continue
            absolute = posixpath.normpath(posixpath.join(source_dir.as_posix(), target))
            relative = posixpath.relpath(absolute, target_dir.as_posix())
            if token.type == "url":
                token.value = relative
                token.representation = f"url({relative})"
            else:
                for argument in token.arguments:
                    if argument.type == "string":
                        argument.value = relative
                        argument.representation = f'"{relative}"'
        for child in (getattr(token, "content", None), getattr(token, "arguments", None),
                      getattr(token, "prelude", None)):
            if isinstance(child, list):
                _rebase(child, source_dir, target_dir)


def rebase_urls(css: str, source_dir: Path, target_dir: Path) -> str:
    """The stylesheet with its relative ``url()`` references rewritten for a move from
    ``source_dir`` to ``target_dir``."""
    tokens = tinycss2.parse_component_value_list(css)
    _rebase(tokens, source_dir, target_dir)
    return tinycss2.serialize(tokens)


def _var_references(tokens, found: set[str]) -> None:
    for token in tokens or ():
        if token.type == "function" and token.lower_name == "var":
            names = [a.value for a in token.arguments if a.type == "ident" and a.value.startswith("--")]
            found.update(names[:1])
        for child in (getattr(token, "content", None), getattr(token, "arguments", None),
                      getattr(token, "prelude", None), getattr(token, "value", None)):
            if isinstance(child, list):
                _var_references(child, found)


def _drop_custom_properties(rules: list, keep: set[str]) -> str:
    out = []
    for rule in rules:
        if rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in GROUPING:
            inner = _drop_custom_properties(
                tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True), keep)
            if inner:
                out.append(f"@{rule.at_keyword} {tinycss2.serialize(rule.prelude).strip()}{{{inner}}}")
        elif rule.type == "qualified-rule":
            declarations = tinycss2.parse_declaration_list(rule.content, skip_comments=True, skip_whitespace=True)
            kept = [d for d in declarations if not (d.type == "declaration" and d.name.startswith("--")
                                                     and d.name not in keep)]
            if kept and len(kept) == len(declarations):
                out.append(rule.serialize())
            elif kept:
                body = ";".join(d.serialize().strip().rstrip(";") for d in kept)
                out.append(f"{tinycss2.serialize(rule.prelude).strip()}{{{body}}}")
        else:
            out.append(rule.serialize())
    return "".join(out)


def prune_custom_properties(css: str, used: set[str]) -> str:
    """``css`` without the custom properties (``--x: ...``) that nothing reads.

    A property is read when a kept rule refers to it with ``var()`` (also from another
    custom property that is read), or when its name is a word of the pages or their scripts
    (``used``: a script may read or set it). The theme declares several hundred colours and
    sizes for components this book does not show.
    """
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    declared: dict[str, list] = {}
    references: set[str] = set()

    def walk(items):
        for rule in items:
            if rule.type == "at-rule" and rule.content is not None:
                if rule.lower_at_keyword in GROUPING:
                    walk(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))
                else:
                    _var_references(rule.content, references)
            elif rule.type == "qualified-rule":
                for d in tinycss2.parse_declaration_list(rule.content, skip_comments=True, skip_whitespace=True):
                    if d.type != "declaration":
                        continue
                    if d.name.startswith("--"):
                        _var_references(d.value, declared.setdefault(d.name, set()))
                    else:
                        _var_references(d.value, references)

    walk(rules)
    keep = references | {name for name in declared if name.lstrip("-") in used}
    pending = list(keep)
    while pending:  # a property read by a property that is read is read too
        for other in declared.get(pending.pop(), ()):
            if other not in keep:
                keep.add(other)
                pending.append(other)
    return _drop_custom_properties(rules, keep)


def bundle(sheets: list[tuple[Path, str | None, bool]], static: Path, used: set[str]) -> str:
    """Merge ``(path, media, purge_it)`` stylesheets into one text, rebased to ``static``.

    ``purge_it`` is ``"icons"`` for the generated icon sheet (purged, icons kept), True for a
    third-party sheet, False for the project's own (kept whole).
    """
    parts = []
    for path, media, purge_it in sheets:
        css = rebase_urls(path.read_text(encoding="utf-8"), path.parent, static)
        if purge_it:
            css = purge(css, used, icons=purge_it == "icons")
        else:
            css = "".join(line for line in css.splitlines(True) if not line.lstrip().startswith("@charset"))
        if media and media not in ("all", "screen, print"):
            css = f"@media {media}{{{css}}}"
        parts.append(f"/* {path.relative_to(static).as_posix()} */\n{css}")
    return prune_custom_properties("\n".join(parts), used) + "\n"
