"""English: grammars/en.lark with the word lists in grammars/en/."""

from ..language import Language, register


@register
class English(Language):
    code = "en"
    name = "English"
