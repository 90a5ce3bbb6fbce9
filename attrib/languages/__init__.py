"""Bundled languages. Importing this package registers them."""

from . import en  # noqa: F401
from . import id  # noqa: F401
