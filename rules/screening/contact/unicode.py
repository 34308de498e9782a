"""R2.1 against Unicode evasion (issue 21): the reply as the detectors should read it, with a map back.

Sellers hide contact details with characters that look like the plain ones: full-width,
mathematical, circled or keycap letters and digits; invisible characters inside an address or a
number (zero-width space and joiners, soft hyphen, BOM, variation selectors: Unicode's
Default_Ignorable_Code_Point set); combining marks on letters and digits (underlines, strokes,
keycaps); letters of another script that look Latin inside a Latin token (Cyrillic "а", Greek "ο");
and symbols between the groups of a phone number (emoji, bullets, middle dots, arrows).

``fold`` rewrites a reply into what it looks like, one output character at a time, and keeps for
each the index of the original character it came from, so a finding found in the folded text
quotes exactly what the seller wrote (``original_span``). It uses the standard library's Unicode
data (``unicodedata``: NFKC compatibility mappings, NFC composition, general categories) and the
Cyrillic and Greek entries of Unicode TR39's confusables that map to one Latin letter, applied to
mixed-script tokens only: a Greek or Polish reply's own words are never touched. Punctuation keeps
its meaning ("…" is not three dots), and a letter's own accent stays (NFC composes it).

Pure, and free for ASCII text (returns None: nothing to fold).
"""

from __future__ import annotations

import re
import unicodedata

# TR39 confusables (confusables.txt) of Cyrillic and Greek letters whose prototype is one Latin letter.
_CONFUSABLE = str.maketrans(
    {
        # Cyrillic
        "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
        "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "һ": "h",
        "ԁ": "d", "ԛ": "q", "ԝ": "w", "ɡ": "g",
        "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
        "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S", "І": "I", "Ј": "J",
        # Greek
        "α": "a", "ο": "o", "ρ": "p", "ν": "v", "ι": "i", "κ": "k", "τ": "t", "υ": "u", "χ": "x",
        "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
        "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    }
)  # fmt: skip

# What a compatibility character may become: a letter or digit, or the punctuation of addresses
# and numbers ("＠" is "@", "．" is "."). An ellipsis does not become three dots.
_KEPT_PUNCTUATION = frozenset("@.+-_:/()# ")

_LATIN = re.compile(r"[A-Za-z]")
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)

# ASCII characters that mean something between digits (dates, prices, times, ranges, lists) stay.
_MEANINGFUL_BETWEEN_DIGITS = frozenset(" \t\n\r.,:;/'\"+-()%€$£!?&=")


def _ignorable(char: str) -> bool:
    """Unicode's Default_Ignorable_Code_Point, as far as a reply can carry it."""
    code = ord(char)
    return (
        unicodedata.category(char) == "Cf"  # soft hyphen, ZW(N)J, ZWSP, word joiner, BOM, bidi marks
        or 0xFE00 <= code <= 0xFE0F  # variation selectors
        or 0xE0100 <= code <= 0xE01EF
        or code in (0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0)
    )


# Text made only of these looks as it is written: ASCII, the Latin letters of the market languages
# (Latin-1 and Latin Extended-A without their compatibility characters "Ĳ", "Ŀ", "ŉ", "ſ"), Greek
# letters and the punctuation replies are full of. Such a reply needs no folding unless a symbol
# stands between digits or a Greek letter shares a word with a Latin one (checked by regex, so the
# common reply is not walked character by character).
_PLAIN = re.compile(
    r"[\x00-\x7f\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u0131\u0134-\u013e\u0141-\u0148\u014a-\u017e"
    r"\u0386\u0388-\u038a\u038c\u038e-\u03a1\u03a3-\u03ce’‘“”„«»–—…€£°·•]*"
)

_GREEK_AND_LATIN_IN_ONE_WORD = re.compile(r"[A-Za-z][^\W_]*[\u0370-\u03ff]|[\u0370-\u03ff][^\W_]*[A-Za-z]")

_SYMBOL_AFTER_DIGIT = re.compile(r"\d[ \t]*(?:_|[^\w\s.,:;/'\"+\-()%€$£!?&=])")  # what _separating calls a symbol


def fold(text: str) -> tuple[str, list[int]] | None:
    """``(folded, origin)``: the text as it looks, and for each of its characters the index in
    ``text`` it comes from; None when ``text`` looks as it is written (nothing to fold)."""
    if _PLAIN.fullmatch(text) and not _GREEK_AND_LATIN_IN_ONE_WORD.search(text):
        if not _SYMBOL_AFTER_DIGIT.search(text):
            return None
        folded, origin = _digit_separators(text, list(range(len(text))))
        return None if folded == text else (folded, origin)
    return fold_each_character(text)


def fold_each_character(text: str) -> tuple[str, list[int]]:
    """:func:`fold` without its shortcut for text that looks as written: every character read."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char.isascii():
            chars.append(char)
            origin.append(index)
            continue
        if _ignorable(char):
            continue
        category = unicodedata.category(char)
        if category in ("Mn", "Me"):  # a mark: an accent composes with its letter, the rest goes
            if chars:
                composed = unicodedata.normalize("NFC", chars[-1] + char)
                if len(composed) == 1:
                    chars[-1] = composed
            continue
        compatible = unicodedata.normalize("NFKC", char)
        if compatible != char and (compatible.isalnum() or compatible in _KEPT_PUNCTUATION):
            for part in compatible:
                chars.append(part)
                origin.append(index)
            continue
        digit = unicodedata.digit(char, None)
        if digit is not None:  # a digit NFKC leaves alone: dingbat "❹", negative circled "⓿"
            chars.append(str(digit))
            origin.append(index)
            continue
        chars.append(char)
        origin.append(index)
    folded = _latin_lookalikes("".join(chars))
    return _digit_separators(folded, origin)


def _latin_lookalikes(text: str) -> str:
    """Cyrillic and Greek look-alikes as Latin letters, in tokens that hold a Latin letter too."""

    def latin(match: re.Match[str]) -> str:
        token = match.group()
        if token.isascii() or not _LATIN.search(token):
            return token
        return token.translate(_CONFUSABLE)

    return _TOKEN.sub(latin, text)  # one character for one: the origin map still holds


def _separating(char: str) -> bool:
    """A symbol that means nothing between digits: an emoji, a bullet, an arrow, a star."""
    return not char.isalnum() and not char.isspace() and char not in _MEANINGFUL_BETWEEN_DIGITS


def _digit_separators(text: str, origin: list[int]) -> tuple[str, list[int]]:
    """Symbols between two digits (emoji, bullets, middle dots, arrows, with the spaces around
    them) read as one space: "06 • 12 ➜ 34" is "06 12 34"."""
    chars: list[str] = []
    kept: list[int] = []
    index, length = 0, len(text)
    while index < length:
        if chars and chars[-1].isdigit():
            end, symbols = index, 0
            while end < length and (text[end] in " \t" or _separating(text[end])):
                symbols += text[end] not in " \t"
                end += 1
            if symbols and end < length and text[end].isdigit():
                chars.append(" ")
                kept.append(origin[index])
                index = end
                continue
        chars.append(text[index])
        kept.append(origin[index])
        index += 1
    return "".join(chars), kept


def original_span(span: tuple[int, int], origin: list[int], length: int) -> tuple[int, int]:
    """A span of the folded text as the span of the original text it was folded from: from the
    first character's origin to just before the next kept character's (the marks and invisible
    characters after the last one belong to it)."""
    start, end = span
    return origin[start], origin[end] if end < len(origin) else length
