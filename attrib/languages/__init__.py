"""Bundled languages. Importing this package registers them."""

from . import id  # noqa: F401
