"""Bundled languages. Importing this package registers them."""

from . import en  # noqa: F401
from . import id  # noqa: F401

from ..language import set_default_language

set_default_language(id.Indonesian.code)
