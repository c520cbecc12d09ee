"""Sphinx extension of the edition (being written)."""


def setup(app):
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
