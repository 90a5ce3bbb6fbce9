"""Indonesian: grammars/id.lark with the word lists in grammars/id/."""

from ..language import Language, register


@register
class Indonesian(Language):
    code = "id"
    name = "Indonesian"
