"""French plurals: « 0 point », « 1 point », « 2 points ».

The French texts are the source strings and have no French catalogue, so Django picks a plural
with the source language's rule (`n != 1`): « 0 points ». `plural_count` gives `ngettext` and
`{% blocktranslate count %}` the count that picks the French form in French (singular below 2),
and leaves the number unchanged in another language, whose catalogue has its own rule.
"""

from django.utils.translation import get_language


def plural_count(n) -> int:
    n = abs(int(n or 0))
    if (get_language() or "fr").startswith("fr"):
        return 1 if n < 2 else n
    return n
