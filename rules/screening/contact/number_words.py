"""R2.1: the normaliser of phone numbers: digits spelled out in the market languages and look-alike letters (``zéro six``, ``O6 l2``) mapped to digits, with a map back to the original text."""

from __future__ import annotations

import re
import unicodedata

from rules.patterns import WORD_SEPARATOR, trie_pattern
from rules.screening.contact.phone_words import UNITS

_AMBIGUOUS_UNITS: dict[str, tuple[str, ...]] = {
    "0": ("oh",),
    "1": ("un", "une", "een", "één", "eén", "una", "um", "uma", "en", "ett", "ένα", "ενα"),
    "2": ("due",),
    "6": ("sei",),
    "9": ("neuf",),
}


def _is_letter(char: str) -> bool:
    """What ``[^\\W\\d_]`` matches: a letter (or a non-decimal numeric such as "½")."""
    return (char.isalnum() and not char.isdecimal()) and char != "_"


def _number_word_key(written: str) -> str:
    return re.sub(WORD_SEPARATOR, " ", written.casefold())


def _french_tens() -> dict[str, int]:
    units = ["", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"]
    teens = ["dix", "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix sept", "dix huit", "dix neuf"]
    words: dict[str, int] = {teen: 10 + i for i, teen in enumerate(teens)}
    tens = {
        20: "vingt",
        30: "trente",
        40: "quarante",
        50: "cinquante",
        60: "soixante",
        70: "septante",
        80: "huitante",
        90: "nonante",
    }
    for value, name in tens.items():
        words[name] = value
        words[f"{name} et un"] = value + 1
        for u in range(1, 10):
            words[f"{name} {units[u]}"] = value + u
    words["octante"] = 80
    for u in range(1, 10):
        words[f"octante {units[u]}"] = 80 + u
    for i, teen in enumerate(teens):  # 70-79: soixante-dix, soixante et onze, soixante-douze
        words[f"soixante {teen}"] = 70 + i
        words[f"quatre vingt {teen}"] = 90 + i
    words["soixante et onze"] = 71
    words["quatre vingts"] = 80
    words["quatre vingt"] = 80
    for u in range(1, 10):
        words[f"quatre vingt {units[u]}"] = 80 + u
    return words


def _english_tens() -> dict[str, int]:
    units = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    teens = [
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ]
    words: dict[str, int] = {teen: 10 + i for i, teen in enumerate(teens)}
    for value, name in zip(
        range(20, 100, 10), ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    ):
        words[name] = value
        for u in range(1, 10):
            words[f"{name} {units[u]}"] = value + u
    return words


def _german_tens() -> dict[str, int]:
    units = [
        ("",),
        ("ein",),
        ("zwei",),
        ("drei",),
        ("vier",),
        ("fünf", "fuenf"),
        ("sechs",),
        ("sieben",),
        ("acht",),
        ("neun",),
    ]
    teens = [
        ("zehn",),
        ("elf",),
        ("zwölf", "zwoelf"),
        ("dreizehn",),
        ("vierzehn",),
        ("fünfzehn", "fuenfzehn"),
        ("sechzehn",),
        ("siebzehn",),
        ("achtzehn",),
        ("neunzehn",),
    ]
    tens = [
        ("zwanzig",),
        ("dreißig", "dreissig"),
        ("vierzig",),
        ("fünfzig", "fuenfzig"),
        ("sechzig",),
        ("siebzig",),
        ("achtzig",),
        ("neunzig",),
    ]
    words: dict[str, int] = {}
    for i, forms in enumerate(teens):
        for form in forms:
            words[form] = 10 + i
    for t, forms in enumerate(tens):
        value = 20 + 10 * t
        for form in forms:
            words[form] = value
            for u in range(1, 10):
                for unit in units[u]:
                    words[f"{unit}und{form}"] = value + u
    return words


def _dutch_tens() -> dict[str, int]:
    units = ["", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"]
    teens = [
        "tien",
        "elf",
        "twaalf",
        "dertien",
        "veertien",
        "vijftien",
        "zestien",
        "zeventien",
        "achttien",
        "negentien",
    ]
    words: dict[str, int] = {teen: 10 + i for i, teen in enumerate(teens)}
    for value, name in zip(
        range(20, 100, 10), ["twintig", "dertig", "veertig", "vijftig", "zestig", "zeventig", "tachtig", "negentig"]
    ):
        words[name] = value
        for u in range(1, 10):
            unit = units[u]
            for joint in ("ën", "en") if unit.endswith("e") else ("en",):  # tweeëntwintig
                words[f"{unit}{joint}{name}"] = value + u
    return words


def _swedish_tens() -> dict[str, int]:
    units = ["", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio"]
    teens = ["tio", "elva", "tolv", "tretton", "fjorton", "femton", "sexton", "sjutton", "arton", "nitton"]
    words: dict[str, int] = {teen: 10 + i for i, teen in enumerate(teens)}
    words["aderton"] = 18
    for value, name in zip(
        range(20, 100, 10), ["tjugo", "trettio", "fyrtio", "femtio", "sextio", "sjuttio", "åttio", "nittio"]
    ):
        words[name] = value
        for u in range(1, 10):
            words[f"{name}{units[u]}"] = value + u  # fyrtiofem
            words[f"{name} {units[u]}"] = value + u
        words[f"{name}en"] = value + 1
    return words


def _spanish_tens() -> dict[str, int]:
    units = ["", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"]
    words = {
        "diez": 10,
        "once": 11,
        "doce": 12,
        "trece": 13,
        "catorce": 14,
        "quince": 15,
        "dieciséis": 16,
        "dieciseis": 16,
        "diecisiete": 17,
        "dieciocho": 18,
        "diecinueve": 19,
        "veinte": 20,
        "veintiuno": 21,
        "veintiún": 21,
        "veintidós": 22,
        "veintidos": 22,
        "veintitrés": 23,
        "veintitres": 23,
        "veinticuatro": 24,
        "veinticinco": 25,
        "veintiséis": 26,
        "veintiseis": 26,
        "veintisiete": 27,
        "veintiocho": 28,
        "veintinueve": 29,
    }
    for value, name in zip(
        range(30, 100, 10), ["treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa"]
    ):
        words[name] = value
        for u in range(1, 10):
            words[f"{name} y {units[u]}"] = value + u
    return words


def _italian_tens() -> dict[str, int]:
    units = ["", "uno", "due", "tre", "quattro", "cinque", "sei", "sette", "otto", "nove"]
    teens = [
        "dieci",
        "undici",
        "dodici",
        "tredici",
        "quattordici",
        "quindici",
        "sedici",
        "diciassette",
        "diciotto",
        "diciannove",
    ]
    words: dict[str, int] = {teen: 10 + i for i, teen in enumerate(teens)}
    for value, name in zip(
        range(20, 100, 10), ["venti", "trenta", "quaranta", "cinquanta", "sessanta", "settanta", "ottanta", "novanta"]
    ):
        words[name] = value
        for u in range(1, 10):
            unit = units[u]
            if unit in ("uno", "otto"):
                words[name[:-1] + unit] = value + u  # ventuno, trentotto
            else:
                words[name + unit] = value + u
            if unit == "tre":
                words[name + "tré"] = value + u
    return words


def _portuguese_tens() -> dict[str, int]:
    units = ["", "um", "dois", "três", "quatro", "cinco", "seis", "sete", "oito", "nove"]
    words = {
        "dez": 10,
        "onze": 11,
        "doze": 12,
        "treze": 13,
        "catorze": 14,
        "quatorze": 14,
        "quinze": 15,
        "dezasseis": 16,
        "dezesseis": 16,
        "dezassete": 17,
        "dezessete": 17,
        "dezoito": 18,
        "dezanove": 19,
        "dezenove": 19,
    }
    for value, name in zip(
        range(20, 100, 10), ["vinte", "trinta", "quarenta", "cinquenta", "sessenta", "setenta", "oitenta", "noventa"]
    ):
        words[name] = value
        for u in range(1, 10):
            words[f"{name} e {units[u]}"] = value + u
            if units[u] == "três":
                words[f"{name} e tres"] = value + u
    return words


_TENS_BUILDERS = (
    _french_tens,
    _english_tens,
    _german_tens,
    _dutch_tens,
    _swedish_tens,
    _spanish_tens,
    _italian_tens,
    _portuguese_tens,
)

# Tens that are also everyday words: "once" (en), "onze" (nl "our"), "elf", "tien" (es "has"), "tio".
_AMBIGUOUS_TENS = frozenset({"once", "onze", "elf", "tien", "tio", "venti", "dez"})


def _number_words() -> tuple[dict[str, str], frozenset[str]]:
    """Every spelled-out number (key: case-folded, separators as one space) -> its digits."""
    table: dict[str, str] = {}
    for digit, words in UNITS.items():
        for word in words:
            table[word.casefold()] = digit
    ambiguous: set[str] = set()
    for digit, words in _AMBIGUOUS_UNITS.items():
        for word in words:
            table[word.casefold()] = digit
            ambiguous.add(word.casefold())
    for builder in _TENS_BUILDERS:
        for word, value in builder().items():
            key = _number_word_key(word)
            if key not in table:  # a unit keeps its digit: Italian "tre" is not a tens word
                table[key] = f"{value:02d}"
    ambiguous.update(_AMBIGUOUS_TENS)
    return table, frozenset(ambiguous)


_NUMBER_WORDS, _AMBIGUOUS_WORDS = _number_words()


def _all_written_forms() -> set[str]:
    forms: set[str] = set()
    for digit_words in (UNITS, _AMBIGUOUS_UNITS):
        for words in digit_words.values():
            forms.update(w.lower() for w in words)
    for builder in _TENS_BUILDERS:
        forms.update(w.lower() for w in builder())
    return forms


# No look-behind: a pattern that starts with an assertion is tried at every position; the word
# start is checked on each hit instead (``_Normalised``).
_NUMBER_WORD_RE = re.compile(rf"(?:{trie_pattern(_all_written_forms())})(?![^\W\d_])")

_LOOKALIKE_HINT = re.compile(r"\d[OoIl]|[OoIl]\d")

# Digits with look-alike letters inside one token: "O6", "l2", "0I".
_LOOKALIKE_RE = re.compile(r"(?<!\w)(?=[0-9OoIl]*[OoIl])(?=[0-9OoIl]*[0-9])[0-9OoIl]{2,}(?!\w)")

_LOOKALIKE_TABLE = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1"})

_BETWEEN_NUMBER_WORDS = re.compile(r"[\s,.\-/()]*")

_OTHER_DIGIT = re.compile(r"(?![0-9])\d")


def _ascii_digits(text: str) -> str:
    """``text`` with every decimal digit as its ASCII digit ("０６" -> "06"), position for position."""
    if text.isascii():
        return text
    return _OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), text)


class _Normalised:
    """The reply with spelled-out digits and look-alike letters as digits, mapped back to the original.

    ``text`` is what the phone scanner reads, lower case. When nothing was replaced it is the
    lower-cased reply and positions are the identity; otherwise ``_starts[i]``/``_ends[i]`` give
    the original span of normalised character ``i`` (every digit of "douze" maps to the whole word).
    """

    __slots__ = ("text", "_starts", "_ends")

    def __init__(self, original: str, low: str) -> None:
        replacements: list[tuple[int, int, str]] = []
        words = []
        for m in _NUMBER_WORD_RE.finditer(low):
            start = m.start()
            if start and _is_letter(low[start - 1]):
                continue  # "one" in "phone"
            key = _number_word_key(m.group())
            digits = _NUMBER_WORDS.get(key)
            if digits is not None:
                words.append((start, m.end(), digits, key))
        for i, (start, end, digits, key) in enumerate(words):
            if key in _AMBIGUOUS_WORDS:
                before = i > 0 and _BETWEEN_NUMBER_WORDS.fullmatch(low, words[i - 1][1], start)
                after = i + 1 < len(words) and _BETWEEN_NUMBER_WORDS.fullmatch(low, end, words[i + 1][0])
                if not (before or after):
                    continue
            replacements.append((start, end, digits))
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
