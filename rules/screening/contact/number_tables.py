"""R2.1: the tables of numbers written out in the market languages: every written form of a digit, of
tens, of a hundred, of a repeat ("double"), of "plus" and of a Greeklish digit, and what it is worth.

Why a module of its own: the tables are built once at import from the word lists (``spelled_words``),
spelled out by rule where a language is regular (French "soixante-dix-huit", German
"achtundneunzig", Finnish "kolmekymmentäneljä", hundreds such as "trois cents", "dreihundert",
"kaksisataa"), with the accent-less spelling of every form ("szescset", "οχτω", "nelja");
``number_words`` then reads a reply with them. Building the tables and reading with them are two
jobs: a language is added here, a guard against everyday prose there.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from rules.patterns import WORD_SEPARATOR
from rules.screening.contact.spelled_words import (
    FINNISH_DIGITS,
    FINNISH_SPOKEN_DIGITS,
    FINNISH_SPOKEN_TENS,
    GREEK_TEENS,
    GREEK_TENS,
    GREEKLISH_DIGITS,
    HUNDRED_AFTER_DIGIT,
    HUNDRED_BEFORE_TAIL_ONLY,
    HUNDRED_ELIDED,
    HUNDRED_WORDS,
    PLUS_WORDS,
    POLISH_TEENS,
    POLISH_TENS,
    REPEATED_DIGIT,
    UNITS,
    ZEROS,
)

_AMBIGUOUS_UNITS: dict[str, tuple[str, ...]] = {
    "0": ("oh",),
    "1": ("un", "une", "een", "één", "eén", "una", "um", "uma", "en", "ett", "ένα", "ενα"),
    "2": ("due",),
    "6": ("sei",),
    "8": ("kasi",),  # Finnish spoken 8, and "käsi" (hand) typed without its umlaut
    "9": ("neuf",),
}


_SEPARATORS = re.compile(WORD_SEPARATOR)


def _number_word_key(written: str) -> str:
    """How a number word is looked up: case-folded, separators as one space ("Vingt-Deux" -> "vingt deux")."""
    key = written.casefold()
    return key if key.isalpha() else _SEPARATORS.sub(" ", key)


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


def _finnish_tens() -> dict[str, int]:
    """Finnish 10-19 and the round tens, written ("neljäkymmentä") and spoken ("nelkyt", "seitkyt").

    The rest is composed (``_compound``, ``_number_at``): "neljäkymmentäviisi", "seitkytyks".
    """
    words: dict[str, int] = {"kymmenen": 10, "kymppi": 10}
    for u, spoken in enumerate(FINNISH_SPOKEN_DIGITS, 1):
        for unit in (*FINNISH_DIGITS[u - 1], *spoken):
            words[f"{unit}toista"] = 10 + u
            words[f"{unit}toist"] = 10 + u
    for t, names in enumerate(FINNISH_DIGITS[1:], 2):
        for name in names:
            words[f"{name}kymmentä"] = 10 * t
    for t, stems in enumerate(FINNISH_SPOKEN_TENS, 2):
        for stem in stems:
            words[f"{stem}kyt"] = 10 * t
    return words


def _spaced_tens(teens: tuple[tuple[str, ...], ...], tens: tuple[str, ...]) -> dict[str, int]:
    """10-19 and the round tens of a language that writes "tens digit" with a space ("ενενήντα οχτώ", composed)."""
    words: dict[str, int] = {}
    for i, spellings in enumerate(teens):
        for teen in spellings:
            words[teen] = 10 + i
    for t, name in enumerate(tens, 2):
        words[name] = 10 * t
    return words


def _greek_tens() -> dict[str, int]:
    return _spaced_tens(GREEK_TEENS, GREEK_TENS)


def _polish_tens() -> dict[str, int]:
    return _spaced_tens(POLISH_TEENS, POLISH_TENS)


_TENS_BUILDERS = (
    _french_tens,
    _english_tens,
    _german_tens,
    _dutch_tens,
    _swedish_tens,
    _spanish_tens,
    _italian_tens,
    _portuguese_tens,
    _finnish_tens,
    _greek_tens,
    _polish_tens,
)

# Tens that are also everyday words: "once" (en), "onze" (nl "our"), "elf", "tien" (es "has"), "tio".
_AMBIGUOUS_TENS = frozenset({"once", "onze", "elf", "tien", "tio", "venti", "dez"})

_UNACCENTED = str.maketrans({"ł": "l", "Ł": "L"})


def _plain(form: str) -> str:
    """``form`` typed without its accents: "sześćset" -> "szescset", "οχτώ" -> "οχτω", "neljä" -> "nelja"."""
    if form.isascii():
        return form
    decomposed = unicodedata.normalize("NFD", form.translate(_UNACCENTED))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _spellings(form: str) -> tuple[str, ...]:
    """``form`` and ``form`` without accents, in lower case: what the regex looks for."""
    low = form.lower()
    plain = _plain(low)
    return (low,) if plain == low else (low, plain)


def _hundreds() -> tuple[dict[str, int], set[str]]:
    """Every written hundred -> its digit (1-9), and the forms that count only with a tail.

    Built from the digit names where a language is regular ("trois cents", "dreihundert",
    "kaksisataa", "trecento"; "drei hundert" too) and from the names of the others ("seiscientos",
    "εξακόσια", "sześćset"). Never alone: the bare words for 100, which are everyday words too
    ("per cent", "hundert Prozent", Italian "sto" "I am", Greeklish "sto" "at the": "sto exi enia"
    must not read 100 6 9), Italian's "trecent" ("trecentottanta"), "ciento", "εκατόν".
    """
    forms: dict[str, int] = {}
    before_tail: set[str] = set(HUNDRED_BEFORE_TAIL_ONLY)
    for hundred, word_forms, joint, digit_names in HUNDRED_AFTER_DIGIT.values():
        before_tail.add(hundred[0])
        for form in hundred:
            forms[form] = 1
        for digit, names in enumerate(digit_names, 2):
            for name in names:
                for word in word_forms:
                    for separator in {joint, " "}:
                        forms[f"{name}{separator}{word}"] = digit
    for names_by_digit in HUNDRED_WORDS.values():
        before_tail.add(names_by_digit[0][0])
        for digit, names in enumerate(names_by_digit, 1):
            for name in names:
                forms[name] = digit
    for full, elided in HUNDRED_ELIDED.items():
        for form, digit in list(forms.items()):
            short = form[: -len(full)] + elided
            if form.endswith(full) and short not in forms:
                forms[short] = digit
                before_tail.add(short)
    return forms, before_tail


class _Tables(NamedTuple):
    """The number words by what they are (keyed by ``_number_word_key``) and as written (lower case)."""

    units: dict[str, int]
    tens: dict[str, int]  # 10-99
    hundreds: dict[str, int]  # the hundreds digit
    repeats: dict[str, int]  # "double": 2
    zeros: dict[str, int]  # "zeros" after "dois" (the value is unused)
    plus: dict[str, int]  # (the value is unused)
    greeklish: dict[str, int]
    hundreds_before_tail: frozenset[str]  # "cent", "sto", "ciento", "trecent": never alone
    ambiguous: frozenset[str]
    written: dict[str, frozenset[str]]  # "units", "tens", ... -> the forms the regexes look for


def _tables() -> _Tables:
    """All number words of the market languages, with their accent-less spellings. Built once at import."""
    values: dict[str, dict[str, int]] = {name: {} for name in _Tables._fields[:7]}
    written: dict[str, set[str]] = {name: set() for name in values}
    ambiguous: set[str] = set(_AMBIGUOUS_TENS)

    def add(table: str, form: str, value: int) -> list[str]:
        keys = []
        for spelling in _spellings(form):
            key = _number_word_key(spelling)
            values[table].setdefault(key, value)
            keys.append(key)
            written[table].add(spelling)
        return keys

    for digit, words in UNITS.items():
        for word in words:
            add("units", word, int(digit))
    for digit, words in _AMBIGUOUS_UNITS.items():
        for word in words:
            ambiguous.update(add("units", word, int(digit)))
    for builder in _TENS_BUILDERS:
        for word, value in builder().items():
            if _number_word_key(word) not in values["units"]:  # Italian "tre" is not a tens word
                add("tens", word, value)
    hundred_forms, before_tail = _hundreds()
    for form, hundred in hundred_forms.items():
        keys = add("hundreds", form, hundred)
        if form in before_tail:
            before_tail.update(keys)
    for count, words in REPEATED_DIGIT.items():
        for word in words:
            add("repeats", word, count)
    for word in ZEROS:
        add("zeros", word, 0)
    for word in PLUS_WORDS:
        add("plus", word, 0)
    market_words = set().union(*written.values())
    for digit, words in GREEKLISH_DIGITS.items():
        for word in words:
            if word not in market_words:  # a word of a market language keeps its meaning
                add("greeklish", word, int(digit))
    return _Tables(
        units=values["units"],
        tens=values["tens"],
        hundreds=values["hundreds"],
        repeats=values["repeats"],
        zeros=values["zeros"],
        plus=values["plus"],
        greeklish=values["greeklish"],
        hundreds_before_tail=frozenset(before_tail),
        ambiguous=frozenset(ambiguous),
        written={name: frozenset(forms) for name, forms in written.items()},
    )


_TABLES = _tables()
