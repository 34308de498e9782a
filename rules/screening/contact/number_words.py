"""R2.1: the normaliser of phone numbers: numbers spelled out in the market languages and look-alike letters mapped to digits, with a map back to the original text.

Spelled out: digits, tens and hundreds in all eleven market languages ("zéro six douze",
"dreihundertvierundachtzig", "seiscientos doce", "kuuskytkaks", "εξακόσια ενενήντα οχτώ",
"sześćset jeden"), a repeated digit ("double huit", "dois zeros", "seven triple three"), "plus"
before a country code ("plus trente-trois": "+33") and Greeklish digits in a run ("eksi enia
pente"). Look-alike letters: "O6 l2".

How. The word tables (``number_tables``, built once at import from ``spelled_words``) make one
regex, a trie of every single number word (``_words``). A number word found at the
end of a longer word is a compound when the letters before it are a hundred, round tens or a
repeat ("dreihundert|vierundachtzig", "trecent|ottanta", "kolmesataaviisikymmentä|kahdeksan",
"seitkyt|yks": ``_compound``), so compounds need no table of their own. Words are then composed
as numbers are said (``_number_at``: "seiscientos" + "doce", "novecentos" + " e " + "trinta e
seis", "ενενήντα" + "οχτώ", "double" + "huit"), and ``_accepted`` applies the guards that keep
everyday prose out: a word that is also an everyday word counts only next to another number, a
Greeklish digit only in a run of three, a number before a currency or a unit ("three hundred
euros", "sześćset złotych": ``quantity_words``) stays words, "plus" counts only right before a
spelled number. Whether the digits make a phone number is for ``phones`` and ``phonenumbers``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import NamedTuple

from rules.patterns import WORD_SEPARATOR, trie_pattern
from rules.screening.contact.number_tables import _TABLES, _number_word_key
from rules.screening.contact.quantity_words import QUANTITY_WORDS
from rules.screening.contact.spelled_words import HUNDRED_GLUED_JOINTS, HUNDRED_JOINTS


def _is_letter(char: str) -> bool:
    """What ``[^\\W\\d_]`` matches: a letter (or a non-decimal numeric such as "½")."""
    return (char.isalnum() and not char.isdecimal()) and char != "_"


# Units that do not finish a number after a space: "honderd en" is "hundred and" (nl), "oh" an
# interjection; glued ("hundraett") they do.
_NOT_AFTER_A_SPACE = frozenset({"en", "ett", "een", "oh"})

# One number word. No look-behind: a pattern that starts with an assertion is tried at every
# position; the word start is checked on each hit instead (``_words``).
_NUMBER_WORD_RE = re.compile(rf"(?:{trie_pattern(set().union(*_TABLES.written.values()))})(?![^\W\d_])")


def _one_word(forms: Iterable[str]) -> list[str]:
    return [form for form in forms if " " not in form]


# What may come before a number word inside the same word (``_compound``): a hundred (then "und"),
# round tens, or both ("kolmesataa" + "viisikymmentä"), or a repeat ("tupla").
_HEAD_HUNDREDS = _one_word(_TABLES.written["hundreds"])
_HEAD_TENS = _one_word(
    form for form in _TABLES.written["tens"] if _TABLES.tens[_number_word_key(form)] in range(20, 100, 10)
)
_HEAD_REPEATS = _one_word(_TABLES.written["repeats"])

_GLUED_HEAD = re.compile(
    rf"(?P<repeat>{trie_pattern(_HEAD_REPEATS)})"
    rf"|(?:(?P<hundred>{trie_pattern(_HEAD_HUNDREDS)})(?:{'|'.join(HUNDRED_GLUED_JOINTS)})?)?"
    rf"(?P<tens>{trie_pattern(_HEAD_TENS)})?"
)

# How far back the letters of a head can reach: "seitsemänsataa" + "und" + "seitsemänkymmentä".
_LONGEST_HEAD = max(map(len, _HEAD_HUNDREDS)) + max(map(len, HUNDRED_GLUED_JOINTS)) + max(map(len, _HEAD_TENS))

# The last two letters of every head: most number words found inside a word ("one" in "phone")
# are no compound, and this rules them out without looking further.
_HEAD_ENDINGS = frozenset(head[-2:] for head in (*_HEAD_HUNDREDS, *_HEAD_TENS, *_HEAD_REPEATS, *HUNDRED_GLUED_JOINTS))

_HEAD_LETTERS = re.compile(r"[^\W\d_]+\Z")

_LETTERS = re.compile(r"[^\W\d_]*")

# Between a hundred and its tens: "seiscientos doce", "three hundred and twelve", "novecentos e trinta".
_JOINT = re.compile(rf"{WORD_SEPARATOR}(?:(?:{'|'.join(HUNDRED_JOINTS)}){WORD_SEPARATOR})?")

# Between round tens and a unit, a repeat and its digit, a count and its zeros: "ενενήντα οχτώ", "doppel-drei".
_SPACE = re.compile(WORD_SEPARATOR)

# A price or a quantity after a number: "trois cents euros", "zweihundert Gramm", "sześćset złotych".
_QUANTITY_AFTER = re.compile(rf"[\s\u00a0]*(?:{trie_pattern(w.lower() for w in QUANTITY_WORDS)})(?![^\W\d_])")

_LOOKALIKE_HINT = re.compile(r"\d[OoIl]|[OoIl]\d")

# Digits with look-alike letters inside one token: "O6", "l2", "0I".
_LOOKALIKE_RE = re.compile(r"(?<!\w)(?=[0-9OoIl]*[OoIl])(?=[0-9OoIl]*[0-9])[0-9OoIl]{2,}(?!\w)")

_LOOKALIKE_TABLE = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1"})

_BETWEEN_NUMBER_WORDS = re.compile(r"[\s,.\-/()]*")

_BEFORE_COUNTRY_CODE = re.compile(r"[\s\-]*")

_OTHER_DIGIT = re.compile(r"(?![0-9])\d")

# Greeklish digits count in a run of at least this many spelled numbers: "eksi enia pente".
_GREEKLISH_RUN = 3


def _ascii_digits(text: str) -> str:
    """``text`` with every decimal digit as its ASCII digit ("０６" -> "06"), position for position."""
    if text.isascii():
        return text
    return _OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), text)


class _Word(NamedTuple):
    """A number word as found: its span, its key, and its digits when it is a compound ("dreihundertvierundachtzig")."""

    start: int
    end: int
    key: str
    compound: str | None = None


# What a spelled number is, for the guards of ``_accepted``.
_NUMBER, _AMBIGUOUS, _GREEKLISH, _PLUS = range(4)


class _Token(NamedTuple):
    start: int
    end: int
    digits: str  # "+" for a plus
    kind: int


def _after_hundred(key: str, after_space: bool) -> int | None:
    """The tens or unit that finishes a hundred, or None.

    Never zero ("cent zéro six" is 100 0 6), nor after a space a unit that is also "and"/"a"
    ("honderd en" is "hundred and").
    """
    value = _TABLES.units.get(key)
    if value is None:
        return _TABLES.tens.get(key)
    if value == 0 or (after_space and key in _NOT_AFTER_A_SPACE):
        return None
    return value


def _after_round_tens(key: str, after_space: bool) -> int | None:
    """The unit that finishes round tens ("ενενήντα οχτώ", "seitkytyks"), or None."""
    value = _TABLES.units.get(key)
    if not value or (after_space and key in _NOT_AFTER_A_SPACE):
        return None
    return value


def _compound(head: str, tail: str) -> str | None:
    """The digits of a word made of ``head`` and the number word ``tail`` ("dreihundert" + "vierundachtzig"), or None."""
    m = _GLUED_HEAD.fullmatch(head)
    if m is None:
        return None
    t = _TABLES
    tail_key = _number_word_key(tail)
    if m["repeat"] is not None:
        digit = t.units.get(tail_key)
        return None if digit is None else str(digit) * t.repeats[_number_word_key(m["repeat"])]
    hundred = t.hundreds[_number_word_key(m["hundred"])] * 100 if m["hundred"] else None
    if m["tens"] is not None:
        unit = _after_round_tens(tail_key, after_space=False)
        if unit is None:
            return None
        value = t.tens[_number_word_key(m["tens"])] + unit
    elif hundred is not None:
        rest = _after_hundred(tail_key, after_space=False)
        if rest is None:
            return None
        value = rest
    else:
        return None
    return f"{hundred + value:03d}" if hundred is not None else str(value)


def _compound_word(low: str, start: int, end: int) -> _Word | None:
    """The whole word if the number word at ``start`` (inside a word) ends a compound, else None.

    "dreihundert|vierundachtzig" is 384; "ph|one" is nothing, ruled out by its last two letters.
    """
    if low[start - 2 : start] not in _HEAD_ENDINGS:
        return None
    head = _HEAD_LETTERS.search(low, max(0, start - _LONGEST_HEAD), start)
    if head is None or (head.start() and _is_letter(low[head.start() - 1])):
        return None
    digits = _compound(head.group(), low[start:end])
    return None if digits is None else _Word(head.start(), end, low[head.start() : end], digits)


def _words(low: str) -> list[_Word]:
    """Every number word of the reply, in order, compounds included."""
    words: list[_Word] = []
    pos = 0
    search = _NUMBER_WORD_RE.search
    while (m := search(low, pos)) is not None:
        start, end = m.span()
        if not start or not _is_letter(low[start - 1]):
            words.append(_Word(start, end, _number_word_key(m.group())))
            pos = end
        elif (compound := _compound_word(low, start, end)) is not None:
            words.append(compound)
            pos = end
        else:  # "one" in "phone": go on after that word
            word = _LETTERS.match(low, start)
            pos = word.end() if word is not None else end
    return words


def _joined(low: str, words: list[_Word], i: int, joint: re.Pattern[str]) -> _Word | None:
    """``words[i]`` if it follows ``words[i - 1]`` with only ``joint`` between them."""
    if i < len(words) and joint.fullmatch(low, words[i - 1].end, words[i].start):
        return words[i]
    return None


def _number_at(low: str, words: list[_Word], i: int) -> tuple[_Token | None, int]:
    """The spelled number that starts at ``words[i]``, and the index of the word after it.

    Composed as numbers are said: a hundred and its tens or unit ("seiscientos doce", "three
    hundred and twelve", "novecentos e trinta e seis"), then a unit after round tens ("εξακόσια
    ενενήντα οχτώ", "czterdzieści siedem"); a repeat and its digit ("double huit"); a count and
    zeros ("dois zeros"). A repeat alone, a plural zero alone or "ciento" alone is nothing.
    """
    t = _TABLES
    word = words[i]
    key = word.key
    j = i + 1
    if word.compound is not None:
        value, width = int(word.compound), len(word.compound)
    elif key in t.repeats:
        digit = _joined(low, words, j, _SPACE)
        unit = None if digit is None or digit.compound else t.units.get(digit.key)
        if digit is None or unit is None:
            return None, j
        return _Token(word.start, digit.end, str(unit) * t.repeats[key], _NUMBER), j + 1
    elif key in t.hundreds:
        value, width = t.hundreds[key] * 100, 3
        tail = _joined(low, words, j, _JOINT)
        rest = None if tail is None or tail.compound else _after_hundred(tail.key, after_space=True)
        if rest is not None:
            value += rest
            j += 1
        elif key in t.hundreds_before_tail:
            return None, j
    elif key in t.tens:
        value, width = t.tens[key], 2
    elif key in t.units:
        zeros = _joined(low, words, j, _SPACE)
        if zeros is not None and zeros.key in t.zeros and t.units[key] in (2, 3):
            return _Token(word.start, zeros.end, "0" * t.units[key], _NUMBER), j + 1
        return _Token(word.start, word.end, str(t.units[key]), _AMBIGUOUS if key in t.ambiguous else _NUMBER), j
    elif key in t.plus:
        return _Token(word.start, word.end, "+", _PLUS), j
    elif key in t.greeklish:
        return _Token(word.start, word.end, str(t.greeklish[key]), _GREEKLISH), j
    else:
        return None, j  # a plural zero alone
    if value % 10 == 0 and value % 100 >= 20 and (unit_word := _joined(low, words, j, _SPACE)) is not None:
        unit = None if unit_word.compound else _after_round_tens(unit_word.key, after_space=True)
        if unit is not None:
            value += unit
            j += 1
    kind = _AMBIGUOUS if j == i + 1 and key in t.ambiguous else _NUMBER
    return _Token(word.start, words[j - 1].end, f"{value:0{width}d}", kind), j


def _tokens(low: str) -> list[_Token]:
    """Every spelled number of the reply, in order, before the guards of ``_accepted``."""
    words = _words(low)
    if not words:
        return []
    tokens: list[_Token] = []
    i = 0
    while i < len(words):
        token, i = _number_at(low, words, i)
        if token is not None:
            tokens.append(token)
    return tokens


def _accepted(tokens: list[_Token], low: str) -> list[tuple[int, int, str]]:
    """The replacements (original start, end, digits) of the spelled numbers that count.

    A number before a currency or a unit is a price or a quantity ("three hundred euros"); an
    ambiguous word ("un", "sei", "once") counts only next to another number, a Greeklish digit
    only in a run of ``_GREEKLISH_RUN``; "plus" becomes "+" (with the space after it) only right
    before a spelled number that does not start with 0.
    """
    if not tokens:
        return []
    tokens = [t for t in tokens if t.kind == _PLUS or not _QUANTITY_AFTER.match(low, t.end)]
    n = len(tokens)
    linked = [
        i + 1 < n
        and _PLUS not in (tokens[i].kind, tokens[i + 1].kind)
        and _BETWEEN_NUMBER_WORDS.fullmatch(low, tokens[i].end, tokens[i + 1].start) is not None
        for i in range(n)
    ]
    keep = [True] * n
    run_start = 0
    for i, token in enumerate(tokens):
        if token.kind == _AMBIGUOUS:
            keep[i] = linked[i] or (i > 0 and linked[i - 1])
        if not linked[i]:  # the run run_start..i ends here
            if i + 1 - run_start < _GREEKLISH_RUN:
                for j in range(run_start, i + 1):
                    keep[j] = keep[j] and tokens[j].kind != _GREEKLISH
            run_start = i + 1
    replacements = []
    for i, token in enumerate(tokens):
        if token.kind == _PLUS:
            following = tokens[i + 1] if i + 1 < n else None
            if (
                following is not None
                and keep[i + 1]
                and following.kind != _PLUS
                and not following.digits.startswith("0")
                and _BEFORE_COUNTRY_CODE.fullmatch(low, token.end, following.start)
            ):
                replacements.append((token.start, following.start, "+"))
        elif keep[i]:
            replacements.append((token.start, token.end, token.digits))
    return replacements


class _Normalised:
    """The reply with spelled-out numbers and look-alike letters as digits, mapped back to the original.

    ``text`` is what the phone scanner reads, lower case. When nothing was replaced it is the
    lower-cased reply and positions are the identity; otherwise ``_starts[i]``/``_ends[i]`` give
    the original span of normalised character ``i`` (every digit of "douze" maps to the whole word).
    """

    __slots__ = ("text", "_starts", "_ends")

    def __init__(self, original: str, low: str) -> None:
        replacements = _accepted(_tokens(low), low)
        if _LOOKALIKE_HINT.search(original):
            for m in _LOOKALIKE_RE.finditer(original):
                replacements.append((m.start(), m.end(), m.group().translate(_LOOKALIKE_TABLE)))
        if not replacements:
            self.text = _ascii_digits(low)
            self._starts: list[int] | None = None
            self._ends: list[int] | None = None
            return
        replacements.sort()
        pieces: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        pos = 0
        for start, end, digits in replacements:
            if start < pos:  # pragma: no cover - the two patterns cannot overlap
                continue
            pieces.append(low[pos:start])
            starts.extend(range(pos, start))
            ends.extend(range(pos + 1, start + 1))
            pieces.append(digits)
            starts.extend([start] * len(digits))
            ends.extend([end] * len(digits))
            pos = end
        pieces.append(low[pos:])
        starts.extend(range(pos, len(original)))
        ends.extend(range(pos + 1, len(original) + 1))
        self.text = _ascii_digits("".join(pieces))
        self._starts = starts
        self._ends = ends

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original ``[start, end)`` of normalised ``[start, end)`` (``end > start``)."""
        if self._starts is None or self._ends is None:
            return start, end
        return self._starts[start], self._ends[end - 1]
