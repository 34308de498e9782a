"""R2.1: a handle written in prose in the sentence of a network's name (issue 21).

Why. Sellers who know that "telegram: shopguy" is caught write the handle into a sentence: "Bei
TikTok bin ich der handy_michi_wien", "I'm phonefixer.jen on TikTok", "Στο Ίνστα μας βρίσκετε ως
reco.iphone.bordeaux". Nothing stands right next to the name, so ``handles`` does not see it.

What. A handle-shaped token ("_" or an inner "." between letters, or three hyphenated words) in
the sentence of a name counts when the name is sure enough and the words before the token
introduce it as a name (``_accepts``). Words run together after a missing space ("happy.thanks"),
versions, models, file names, web addresses, app packages and codes ("error feedback_required")
are not handles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rules.screening.contact.brands import Span, _Brand
from rules.screening.contact.handle_words import PACKAGE_PREFIXES
from rules.screening.contact.prose_handle_words import (
    FILE_AND_DOMAIN_ENDINGS,
    FILE_PREFIXES,
    NAME_CUES,
    NAMING_WORDS,
    NOT_HANDLE_PARTS,
    TECHNICAL_WORDS,
)

_SENTENCE_BREAK = re.compile(r"[!?;\n…]|\.(?!\S)")

# A handle-shaped token: 4-30 ASCII letters, digits, ".", "_", "-", not part of an address, a path or
# a longer word ("jean.dupont@gmail.com", "swapiphone.com/de", "abc.déf").
_PROSE_TOKEN = re.compile(r"(?<![\w@＠./:\-])[a-z0-9]+(?:[._\-][a-z0-9]+)+(?![\w@＠/:]|[.\-][a-z0-9])")

_LETTER_JOINT = re.compile(r"[a-z]{2}[._][a-z]{2}")  # "reco.iphone", "nico_reparphone", not "e.g", "img_2041"

_HYPHEN_NAME = re.compile(r"[a-z]{2,}(?:-[a-z]{2,}){2,}")  # "marco-weber-handyreparatur"

_HANDLE_PARTS = re.compile(r"[._\-]")

_JOINED = re.compile(r"[._\-](?<=[a-z0-9][._\-])[a-z0-9]")  # a separator first: ``re`` skips to it

_CUE_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")

_NAME_CUES = frozenset(NAME_CUES)
_NOT_HANDLE_PARTS = frozenset(NOT_HANDLE_PARTS)
_TECHNICAL_WORDS = frozenset(TECHNICAL_WORDS)
_NAMING_WORDS = frozenset(NAMING_WORDS)
_FILE_AND_DOMAIN_ENDINGS = frozenset(FILE_AND_DOMAIN_ENDINGS)
_FILE_PREFIXES = frozenset(FILE_PREFIXES)

_WINDOW = 80


def _sentence(text: str, start: int, end: int) -> Span:
    """The sentence around ``text[start:end]``, at most 120 characters either side. An inner dot
    ("reco.iphone.bordeaux", "17.2.1") does not end a sentence; a dot before a space does."""
    lo = max(0, start - 120)
    for stop in _SENTENCE_BREAK.finditer(text, lo, start):
        lo = stop.end()
    after = _SENTENCE_BREAK.search(text, end, end + 120)
    return lo, after.start() if after else min(len(text), end + 120)


def _handle_shape(token: str) -> str | None:
    """How much a token looks like a handle: "strong" ("_" or two inner dots between letters:
    "nico_reparphone", "reco.iphone.bordeaux"), "dotted" ("phonefixer.jen"), "hyphen"
    ("marco-weber-handyreparatur"), or None (a word, a version, a model, a file or a web address)."""
    if not 4 <= len(token) <= 30 or token.startswith(PACKAGE_PREFIXES):
        return None
    if _HANDLE_PARTS.split(token, 1)[0] in _FILE_PREFIXES:
        return None  # "img_2041", "screenshot_20240302"
    if "." in token:
        dotted = token.split(".")
        if dotted[-1] in _FILE_AND_DOMAIN_ENDINGS:
            return None  # "report.pdf", "swapiphone.com": the URL scanner's
        if not _NOT_HANDLE_PARTS.isdisjoint(dotted) or (len(dotted) == 2 and min(map(len, dotted)) < 3):
            return None  # "happy.thanks", "urlaub.ab": two sentences run together
    if _LETTER_JOINT.search(token):
        return "strong" if "_" in token or token.count(".") >= 2 else "dotted"
    if _HYPHEN_NAME.fullmatch(token):
        return "hyphen"
    return None


def _cues(text: str, start: int, end: int) -> tuple[bool, bool, bool]:
    """What the (at most three) words right before a handle say of it: whether one introduces it as
    a name ("als", "I'm", "bin ich der", "me llamo", "jag heter", "είμαι"), whether one names it
    outright ("heiße ich", "username"), whether one makes it a code ("error feedback_required")."""
    words = _CUE_WORD.findall(text, max(start, end - 40), end)[-3:]
    return (
        not _NAME_CUES.isdisjoint(words),
        not _NAMING_WORDS.isdisjoint(words),
        not _TECHNICAL_WORDS.isdisjoint(words),
    )


def _between(names: Sequence[_Brand], start: int, end: int) -> bool:
    """Whether one of ``names`` stands between ``start`` and ``end``, apart from one joined to them
    ("Facebook-Messenger" is one name)."""
    return any(start + 1 < name.start and name.end < end for name in names)


def _accepts(brand: _Brand, shape: str, named: bool, naming: bool, adjacent: bool) -> bool:
    """Whether a handle of ``shape`` in the sentence of ``brand`` is contact.

    A strong name takes a "strong" handle anywhere in its sentence, a dotted one when introduced as
    a name or right after it ("Seuraa Instassa korjaamo.helsinki"); a weak name, "X" and "Signal"
    only a handle introduced as a name; a hyphenated handle needs a strong name and a naming word
    ("Hermann-Blenk-Straße" and "Dual-SIM" are not handles)."""
    if shape == "hyphen":
        return brand.strong and naming
    if brand.kind == "x":
        return shape == "strong" and named
    if brand.strong and (shape == "strong" or adjacent):
        return True
    return named


def _prose_handle(text: str, brand: _Brand, names: Sequence[_Brand]) -> Span | None:
    """A handle written in prose in the sentence of ``brand``: "Bei TikTok bin ich der
    handy_michi_wien", "I'm phonefixer.jen on TikTok". The span runs from the name to the handle.

    A handle belongs to the nearest name: in "Por wasap no, pero en Instagram soy moviles.luna" it
    is Instagram's (another of ``names`` stands between it and "wasap")."""
    lo, hi = _sentence(text, brand.start, brand.end)
    lo, hi = max(lo, brand.start - _WINDOW), min(hi, brand.end + _WINDOW)
    if not _JOINED.search(text, lo, hi):
        return None  # most sentences: no "x.y", "x_y" or "x-y" at all
    span = None
    for token in _PROSE_TOKEN.finditer(text, lo, hi):
        ts, te = token.span()
        if ts < brand.end and brand.start < te:
            continue
        shape = _handle_shape(token.group())
        if shape is None or _between(names, min(te, brand.end), max(ts, brand.start)):
            continue
        named, naming, technical = _cues(text, lo, ts)
        adjacent = ts >= brand.end and not text[brand.end : ts].strip(" \t:")
        if not technical and _accepts(brand, shape, named, naming, adjacent):
            start, end = min(ts, brand.start), max(te, brand.end)
            span = (start, end) if span is None else (min(span[0], start), max(span[1], end))
    return span
