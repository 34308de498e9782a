"""R2.1: a network's name in the reply: the one scan for every messenger and social network name, and
what each finding is (``_Brand``).

Why a module of its own: what makes a name contact is read by three modules (``handles``: the words
right next to it; ``prose_handles``: a handle in its sentence; ``page_names``: where to find the
seller), and all of them take the names this scan finds. Names are read in their inflected, slang
and Greek-script forms (``network_names``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from rules.screening.contact.network_names import (
    FULL_BRANDS,
    INFLECTED_WEAK_BRANDS,
    SHORT_BRANDS,
    SHORT_SUFFIXES,
    SIGNAL_SUFFIXES,
    WEAK_BRANDS,
    WEAK_SUFFIXES,
)
from rules.screening.contact.number_words import _is_letter

Span = tuple[int, int]
"""A start and an end in the reply (lower case, positions as written)."""

_FULL = "|".join(FULL_BRANDS)
_SHORT = "|".join(SHORT_BRANDS)
_WEAK = "|".join(WEAK_BRANDS)
_INFLECTED_WEAK = "|".join(INFLECTED_WEAK_BRANDS)

# One compiled scan over every reply. It has no group or assertion in front, so most positions fail
# on their first character; each hit is then checked for a word start and classified by _BRAND_KIND.
_BRAND_SCAN = re.compile(
    rf"(?:{_FULL}|{_SHORT}|signal|{_INFLECTED_WEAK}|{_WEAK}|x|the[ \t]+gram)[^\W\d_]{{0,4}}(?![^\W\d_])",
)

_BRAND_KIND = re.compile(
    rf"(?P<full>(?:{_FULL})(?P<full_suffix>[^\W\d_]{{0,4}}))"
    rf"|(?P<short>(?:{_SHORT})(?P<short_suffix>{'|'.join(SHORT_SUFFIXES)})?)"
    rf"|(?P<signal>signal(?P<signal_suffix>{'|'.join(SIGNAL_SUFFIXES)})?)"
    rf"|(?P<weak>(?:{_INFLECTED_WEAK})(?P<weak_suffix>{'|'.join(WEAK_SUFFIXES)})?|{_WEAK})"
    r"|(?P<x>x)|(?P<gram>the[ \t]+gram)"
)

# The words next to a name, as the modules that read them take them: one word of letters, and up to
# four words right after a name with no punctuation between them ("Sie haben uns auf Facebook
# gesehen?", "Auf Insta findest du uns").
_TOKEN = re.compile(r"[^\W\d_]+")

_WORDS_AFTER = re.compile(r"(?:[ \t\-]+[^\W\d_]+){1,4}")


@dataclass(frozen=True, slots=True)
class _Brand:
    """A network's name as found in the reply: where, how sure a name it is, and its case ending."""

    start: int
    end: int
    kind: str  # "full", "short", "signal", "weak", "x" or "gram"
    suffix: str

    @property
    def strong(self) -> bool:
        """A name that means the network and nothing else ("Instagram", "Telegramissa", "Signalu")."""
        return self.kind in ("full", "short") or (self.kind == "signal" and bool(self.suffix))

    @property
    def ordinary_signal(self) -> bool:
        """The bare word "Signal": the messenger, or the ordinary word of five languages."""
        return self.kind == "signal" and not self.suffix


def _brands(text: str) -> Iterator[_Brand]:
    """Each messenger or network name in ``text`` (lower case) that stands as a word.

    "gram" counts only as "the gram" (English slang for Instagram).
    """
    for hit in _BRAND_SCAN.finditer(text):
        start = hit.start()
        if start and _is_letter(text[start - 1]):
            continue  # "wa" in "swap", "x" in "box", "gram" in "program"
        kind = _BRAND_KIND.fullmatch(text, start, hit.end())
        if kind and kind.lastgroup:  # the outer group: "full", "short", "signal", "weak", "x", "gram"
            suffix = kind.groupdict().get(f"{kind.lastgroup}_suffix")
            yield _Brand(start, hit.end(), kind.lastgroup, suffix or "")
