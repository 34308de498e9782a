"""R2.1: a phone number given in pieces across words, sentences and lines (issue 21, point 4).

Why. ``phones`` reads one run of digits at a time, so a seller who spreads the number out ("Mon
portable commence par 06 47. La suite, c'est 18 92 35.", "Vorwahl 030, dann 468 und dann 912 37",
"+32. Ensuite 478, puis 21 59 63", one group a line, an aside in brackets in the middle, or the end
first: "Fin : 48 70. Début : 07 61 29.") hands it over with no run that is a phone number.

What. The reply's *pieces* are read: digit groups joined by one space, dot, dash or slash ("18 92
35", "072-839"), a leading "+" kept ("+32"). Consecutive pieces with a short gap between them (at
most :data:`_MAX_GAP_WORDS` words and :data:`_MAX_GAP_CHARS` characters of words, punctuation or
line breaks; an aside in brackets without digits counts for nothing) form a *chain*. Every chain
of two pieces or more, every two-piece chain rotated (the end given first) and, when a word for
the start, the middle or the end of the number stands near ("acaba en 209. Lo del medio es 473. Y
empieza por 651"), every order of a three-piece chain has its digits joined and judged by
``phonenumbers``: valid in the market's region (every default region when the market is unknown),
or anywhere when it starts with "+CC". The joiner needs no connector words ("puis", "dann",
"luego", "μετά", "potem", ...): a gap is judged by its length. A finding quotes the reply from the
first piece to the last, gap included.

Guards (false positives must stay at zero on replies full of numbers). A piece that is not part of
a phone number is a *barrier* that no chain crosses:

- only digits are read: spelled-out numbers are not ("les six autres 15 43 27" is the groups 0698
  and 15 43 27, not a "6");
- what ``phones`` treats as not-a-phone: dates and prices (``phones._DATE``/``_PRICE``), numbers
  glued to letters (codes: "A2633", "21E236", build numbers), numbers after a reference word in any
  market language ("order", "IMEI", "Sendungsnummer", ... ``phones._REFERENCE_BEFORE``; a reference
  word of fewer than five letters only as itself: "cifre" is not "CIF", "einfach" not "EIN");
- times ("18h", "14:30", "kl. 9.00", "between 14 and 18", "9-17"), short dates ("31/03"), decimals
  ("6,1"); numbers a few words after a label (an order, invoice, ticket, product, price, version
  word: "Pedidos pendientes:\\n612", "iPhone 13", "iOS 17.4.1", "El precio final es 612") unless a
  phone word comes in between ("Pour le suivi, voici mon numéro :"), and the rest of a list such a
  label or a price opened ("pedidos 612, 938, 475 y 221", "Preis 649, mit Hülle 679"); four pieces
  or more counting up one by one ("fotos 9, 10, 11, 12, 13": ``number_labels.counts_up``);
- a number followed by a word that is neither a conjunction, a "then" word, a copula nor a
  connector: a unit, a count or a place ("128 GB", "48 h", "698 móviles", "20121 Milano");
- a piece of more than :data:`_MAX_PIECE_DIGITS` digits or with a group of more than
  :data:`_MAX_GROUP_DIGITS` (IMEIs, tracking and order numbers are ``phones``' business), except
  the national number right after a "+CC" ("+33. Puis 6 47 18 92 35").

The joined number must have at least :data:`_MIN_DIGITS` digits, come from at most
:data:`_MAX_PIECES` pieces, be valid for the region (``phonenumbers.is_valid_number``, which also
checks the national length) and, in a region that dials a trunk "0" (FR, DE, GB, ...), start with
"0" or "+".

Out of reach (deliberately): a number split by more than a few words, by a sentence of its own or
by another number; pieces written out in words; a piece followed by an ordinary word ("06 47 c'est
le début"); four pieces or more out of order, or three without a word for where each goes; a
neighbouring market's national number (abroad only "+CC" is read). Still read as a phone number:
numbers each after an unlisted label ("Room 0207, floor 946, desk 1835" in GB) and, in the regions
without a trunk "0" (ES, IT, PT, GR, PL, US), a bare list of small numbers that happens to make a
valid national number.

Cost: a reply without two pieces close together stops after one scan (:func:`_worth_reading`);
the others are masked and read in full.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import permutations

import phonenumbers

from rules.screening.contact.number_labels import counts_up, labelled_before, words_before
from rules.screening.contact.number_words import _ascii_digits
from rules.screening.contact.phone_words import CONNECTORS, REFERENCE_KEYWORDS
from rules.screening.contact.phones import (
    _DATE,
    _PRICE,
    _REFERENCE_BEFORE,
    _STEM_LETTERS,
    _TRUNK_ZERO,
    _in_code,
    _mask,
    _mask_spans,
    _regions,
)

_MIN_DIGITS = 8
"""Fewest digits of a joined number: the shortest split numbers seen have 9 (BE "09 234 56 78")."""

_MAX_DIGITS = 15
"""E.164 at most; "+" and the country code count."""

_MAX_GROUP_DIGITS = 6

_MAX_PIECE_DIGITS = 8

_MAX_NATIONAL_DIGITS = 12
"""The longest national number after a "+CC" given on its own."""

_MAX_PIECES = 6

_MAX_GAP_WORDS = 5

_MAX_GAP_CHARS = 40

# -- words ----------------------------------------------------------------------------------------

_AND = "and et und en y e i och ja και og a ou or oder of o eller tai ή lub albo oraz ed sowie samt"

# Words that may follow a piece of a phone number: conjunctions, "then" words, copulas, a few
# particles and prepositions, thanks ("... 18 92 35 merci"), and ``phone_words.CONNECTORS``.
_CONTINUATIONS = frozenset(
    f"""{_AND}
    puis ensuite après apres enfin dann danach anschließend anschliessend zuletzt daarna dan vervolgens
    tenslotte luego después despues finalmente poi dopo infine quindi depois então entao seguida then next
    after afterwards finally sedan därefter sist sitten lopuksi seuraavaksi μετά μετα τέλος potem dalej
    następnie później wreszcie
    is ist est es è é är on jest είναι zijn sind sont son sono são er was war c ce ça das dat det se to
    questo esto isso an kommt komt vient viene sigue segue folgt volgt följer seuraa ακολουθεί
    pour for für voor para per för για dla in à al au zu su
    merci thanks thank danke dank gracias grazie obrigado obrigada tack kiitos ευχαριστώ dziękuję
    please bitte svp stp por favore""".split()
) | frozenset(word.lower() for word in CONNECTORS)

# The first word of every reference keyword: ``phones._REFERENCE_BEFORE`` is only run when one of
# them stands in the last words before a piece. As there, a stem of ``phones._STEM_LETTERS`` letters
# or more may go on ("bestell" in "Bestellnummer"); a shorter word counts only as itself or with an
# "s": "cif" is not "cifre" (it: digits), "ein" not "einfach", "ust" not "usted", "part" not "parte".
_REFERENCE_FIRST_WORDS = {keyword.lower().split()[0] for keyword in REFERENCE_KEYWORDS}
_REFERENCE_STEMS = tuple(sorted(word for word in _REFERENCE_FIRST_WORDS if len(word) >= _STEM_LETTERS))
_REFERENCE_SHORT = frozenset(
    form for word in _REFERENCE_FIRST_WORDS if len(word) < _STEM_LETTERS for form in (word, word + "s")
)

# Where a piece goes in the number: the start, the middle, the end (stems, in the market languages).
_POSITION_STEMS = tuple(
    """début commenc fin termin milieu dernie premie start begin end middle last first anfang beginn fängt
    ende mitte letzte erste davor eind midden laatste eerste empieza comienza principio inicio acaba final
    medio últim ultim primer inizi comincia fine mezzo prim começa início meio fim primeir början börjar
    slut mitten sist först alku alkaa loppu keski viimei ensimm αρχ ξεκιν τέλος τελει τελευτ μέση πρώτ
    początek zaczyna koniec kończy końc środ ostatni pierwsz""".split()
)

# Words before an hour ("kl. 9.00", "um 9", "alle 9") and before a range of hours ("between 14
# and 18", "de 9 a 14", "entre 9 y 14"); articles in between are skipped ("dalle ore 9").
_AT_HOUR = frozenset("kl klo kello godz ore alle um at às as dalle ab".split())
_FROM_HOUR = frozenset(
    "between entre tussen zwischen mellan tra fra μεταξύ między from von van de des da das desde dès dalla od".split()
)
_HOUR_ARTICLES = frozenset("the les las le den ore kl".split())
_TO_HOUR_WORDS = "|".join(
    re.escape(word)
    for word in sorted(
        {*_AND.split(), *"to bis tot till alle à às até ate do ως until hasta".split()}, key=len, reverse=True
    )
)

# -- patterns -------------------------------------------------------------------------------------

_SPACE = r"[ \t\u00a0\u202f]"

# Digit groups joined by one space, dot, dash or slash; "+32" keeps its plus.
_PIECE = re.compile(rf"(?:\+{_SPACE}?)?\d+(?:(?:{_SPACE}|[.\-\u2010-\u2015/])\d+)*")

_SEPARATOR_CHARS = " \t\u00a0\u202f.-\u2010\u2011\u2012\u2013\u2014\u2015/+"

_DIGIT_GROUP = re.compile(r"\d+")

_ANY_DIGIT = re.compile(r"\d")

_MASKED = re.compile(r"_+")

# A short aside in brackets, without digits: "(c'est mon perso, pas celui de la boutique)".
_ASIDE = re.compile(r"[(\[][^()\[\]\d_]{0,80}[)\]]")

_WORD = re.compile(r"[^\W\d_]+")

_SENTENCE_END = re.compile(r"[.!?\n]")

# Times and short dates that start with a digit: "14:30", "9h00", "18 h", "9.00-13.00", "10.30
# Uhr", "6 pm", "9-17", "31/03".
_TIME = re.compile(
    r"(?<![\d.,/])(?=\d)(?:"
    r"\d{1,2}:\d{2}(?!\d)"
    r"|\d{1,2}[.h]\d{2}(?:\s*[-\u2013\u2014]\s*\d{1,2}[.:h]\d{2})?(?!\d)"
    r"(?=\s*(?:h|uhr|uur|[ap]\.?m\.?)(?![^\W\d_]))"
    r"|\d{1,2}[.h]\d{2}\s*[-\u2013\u2014]\s*\d{1,2}[.h]\d{2}(?!\d)"
    r"|\d{1,2}\s?h(?:\d{2})?(?![^\W\d_])"
    r"|\d{1,2}\s?[ap]\.?m\b\.?"
    r"|(?:[1-9]|1\d|2[0-4])\s?[-\u2013]\s?(?:1\d|2[0-4]|[1-9])(?![\d.,/])"
    r"|(?:[0-2]?\d|3[01])/(?:0?[1-9]|1[0-2])(?![\d/])"
    r")"
)

# An hour standing alone ("9", "9.00", "14h30"), not the start of a longer group ("06 47").
_HOUR = re.compile(r"(?<![\d.,/])(?:[01]?\d|2[0-4])(?:[.:h][0-5]\d)?(?![\d,]|[ \t.\-/]\d)")

_TO_HOUR = re.compile(
    rf"\s*(?:h|uhr)?\s+(?:{_TO_HOUR_WORDS})\s+(?:the\s+|las\s+|les\s+|le\s+)?"
    r"(?:[01]?\d|2[0-4])(?:[.:h][0-5]\d)?(?![\d,])"
)

# A decimal figure: "6,1 pouces", "4,8 αστέρια", "238,2 Go" (a comma with no space).
_DECIMAL = re.compile(r"\d+,\d+")

_WORD_AFTER = re.compile(rf"{_SPACE}+([^\W\d_]+)")

# Units written right after the number, glued or not: "89%", "6,1″", "2 x 128".
_UNIT_AFTER = re.compile(r"[ \t\u00a0\u202f]?(?:[%‰°\"″”']|[x×](?![^\W\d_]))")

# The words right before a position, read backwards (on the reversed text): up to eight words
# apart by any reference separator.
_REFERENCE_TAIL = re.compile(r"[\s:#.°º\-\u2013]*[^\W\d_]+(?:[\s:#.°º\-\u2013]+[^\W\d_]+){0,7}")
_WORD_TAIL = re.compile(r"[^\S\n]*\.?[^\S\n]*([^\W\d_]+)")

# "area code 020" is not a reference ("code" is a reference word) but a part of the number.
_DIALLING_CODE_BEFORE = re.compile(
    r"(?<![^\W\d_])(?:area|country|dial(?:l?ing)?|city|region|phone|trunk)\s+codes?(?:'s|\s+is)?[\s:]*$"
)


@dataclass(frozen=True, slots=True)
class _Piece:
    start: int
    end: int
    digits: str
    plus: bool
    barrier: bool
    opens_list: bool = False
    """A number after a label or a price: what follows in the same sentence is more of the same."""
    after_plus_only: bool = False
    """Too long for a piece, but it may be the national part right after a "+CC"."""


def _split_phone_spans(text: str, low: str, market: str) -> list[tuple[int, int]]:
    """Spans of ``text`` holding the pieces of one phone number given in parts, first piece to last.

    ``low`` is ``text`` in lower case, position for position; ``market`` the ISO region of the
    reply's market. A span quotes the reply from the first piece to the last one as written.
    """
    scanned = _ascii_digits(low)
    if not _worth_reading(scanned):
        return []
    pieces = _pieces(scanned)
    regions = tuple(region for region, _ in _regions(market or "")[1])
    spans: list[tuple[int, int]] = []
    for first in range(len(pieces) - 1):
        spans.extend(_chains_from(scanned, pieces, first, regions))
    return spans


def _worth_reading(scanned: str) -> bool:
    """Whether pieces of enough digits stand close together (one cheap scan: most replies stop here)."""
    if len(_ANY_DIGIT.findall(scanned)) < _MIN_DIGITS:
        return False
    run_digits = 0
    previous_end: int | None = None
    previous_plus = False
    for m in _PIECE.finditer(scanned):
        written = m.group()
        digits = len(written) - sum(map(written.count, _SEPARATOR_CHARS))
        plus = written.startswith("+")
        fits = digits <= _MAX_PIECE_DIGITS or plus or (previous_plus and digits <= _MAX_NATIONAL_DIGITS)
        joined = fits and previous_end is not None and _gap_ok(scanned[previous_end : m.start()])
        run_digits = run_digits + digits if joined else digits if fits else 0
        if joined and run_digits >= _MIN_DIGITS:
            return True
        previous_end = m.end() if fits else None
        previous_plus = plus
    return False


def _pieces(scanned: str) -> list[_Piece]:
    """The reply's digit pieces in order, barriers included (blanked-out dates, prices and times too)."""
    dated = _mask(scanned, _DATE)
    priced = _mask(dated, _PRICE)
    masked = _mask_spans(_mask(_mask(priced, _TIME), _DECIMAL), _hour_spans(priced))
    pieces = [_piece(masked, m.start(), m.end(), m.group()) for m in _PIECE.finditer(masked)]
    if "_" in masked:
        pieces.extend(
            _Piece(
                m.start(),
                m.end(),
                "",
                False,
                True,
                opens_list=priced[m.start() : m.end()] != dated[m.start() : m.end()],
            )
            for m in _MASKED.finditer(masked)
        )
        pieces.sort(key=lambda piece: piece.start)
    return _close_lists(masked, pieces)


def _hour_spans(text: str) -> list[tuple[int, int]]:
    """Hours after a word that announces one: "kl. 9.00", "um 9", "between 14 and 18", "de 9 a 14"."""
    spans = []
    for m in _HOUR.finditer(text):
        word, word_start = _word_before(text, m.start())
        if word in _HOUR_ARTICLES:
            word, word_start = _word_before(text, word_start)
        if word in _AT_HOUR:
            spans.append(m.span())
        elif word in _FROM_HOUR and (to := _TO_HOUR.match(text, m.end())):
            spans.append((m.start(), to.end()))
    return spans


def _word_before(text: str, start: int) -> tuple[str, int]:
    """The word right before ``start`` (spaces and one dot between allowed) and where it starts."""
    reversed_window = text[max(0, start - 24) : start][::-1]
    m = _WORD_TAIL.match(reversed_window)
    if m is None:
        return "", start
    return m.group(1)[::-1], start - m.end()


def _piece(masked: str, start: int, end: int, written: str) -> _Piece:
    digits = "".join(_DIGIT_GROUP.findall(written))
    if written.startswith("+"):  # a country code: no reference, but maybe a percentage ("+5 %")
        return _Piece(start, end, digits, True, _not_a_piece(masked, start, end))
    if labelled_before(masked, start) or _referenced(masked, start):
        return _Piece(start, end, digits, False, True, opens_list=True)
    if _not_a_piece(masked, start, end):
        return _Piece(start, end, digits, False, True)
    groups = _DIGIT_GROUP.findall(written)
    if max(map(len, groups)) > _MAX_GROUP_DIGITS or len(digits) > _MAX_PIECE_DIGITS:
        # an identifier of its own: IMEI, tracking, order number (``phones`` judges it)
        return _Piece(start, end, digits, False, True, after_plus_only=len(digits) <= _MAX_NATIONAL_DIGITS)
    return _Piece(start, end, digits, False, False)


def _referenced(masked: str, start: int) -> bool:
    """``phones``' reference test ("order 4829", "IMEI: 35 ..."), run only when a reference word is near."""
    words = words_before(masked, start, _REFERENCE_TAIL)
    if not any(_is_reference_word(word) for word in words):
        return False
    if not _REFERENCE_BEFORE.search(masked, max(0, start - 80), start):
        return False
    return not _DIALLING_CODE_BEFORE.search(masked, max(0, start - 30), start)


def _is_reference_word(word: str) -> bool:
    """A reference word; a short one ("cif", "ein", "ust", "part") only as itself ("cifre", "einfach" are not)."""
    return word in _REFERENCE_SHORT or word.startswith(_REFERENCE_STEMS)


def _not_a_piece(masked: str, start: int, end: int) -> bool:
    """Whether the digits at ``[start, end)`` are something else than a piece of a phone number."""
    if (start and masked[start - 1] == "_") or (end < len(masked) and masked[end] == "_"):
        return True  # stuck to a date, price or time
    if _in_code(masked, start, end):
        return True  # part of a code: "A2633", "21E236", "SM-G991B", "UP1A.231005.007"
    if _UNIT_AFTER.match(masked, end):
        return True  # "89 %", "6,1″", "2 x 128"
    word = _WORD_AFTER.match(masked, end)
    return word is not None and word.group(1) not in _CONTINUATIONS  # "128 GB", "698 móviles", "20121 Milano"


def _close_lists(masked: str, pieces: list[_Piece]) -> list[_Piece]:
    """Pieces that continue a list opened by a label or a price become barriers too."""
    for i in range(1, len(pieces)):
        before, piece = pieces[i - 1], pieces[i]
        if before.opens_list and not piece.barrier and not piece.plus:
            gap = masked[before.end : piece.start]
            if not _SENTENCE_END.search(gap) and _gap_ok(gap):
                pieces[i] = _Piece(piece.start, piece.end, piece.digits, False, True, opens_list=True)
    return pieces


def _gap_ok(gap: str) -> bool:
    """Whether two pieces this far apart may be two parts of one number."""
    if _ANY_DIGIT.search(gap) or "_" in gap:
        return False
    if "(" in gap or "[" in gap:
        gap = _ASIDE.sub(" ", gap)
    if len(gap) > _MAX_GAP_CHARS:
        return False
    return len(_WORD.findall(gap)) <= _MAX_GAP_WORDS


def _chains_from(scanned: str, pieces: list[_Piece], first: int, regions: tuple[str, ...]) -> list[tuple[int, int]]:
    """Spans of the chains starting at ``pieces[first]`` whose joined digits make a phone number."""
    head = pieces[first]
    if head.barrier:
        return []
    spans = []
    digits = head.digits
    for last in range(first + 1, min(len(pieces), first + _MAX_PIECES)):
        piece = pieces[last]
        national = piece.after_plus_only and head.plus and last == first + 1
        if (piece.barrier and not national) or piece.plus or not _gap_ok(scanned[pieces[last - 1].end : piece.start]):
            break
        digits += piece.digits
        if len(digits) > _MAX_DIGITS:
            break
        if counts_up([chained.digits for chained in pieces[first : last + 1]]):
            continue  # "fotos 6, 7, 8, 9, 10, 11": a count
        if (
            _is_phone(digits, head.plus, regions)
            or (last == first + 1 and _is_phone(piece.digits + head.digits, False, regions))
            or (last == first + 2 and _in_another_order(scanned, pieces[first : last + 1], regions))
        ):
            spans.append((head.start, piece.end))
    return spans


def _in_another_order(scanned: str, chain: list[_Piece], regions: tuple[str, ...]) -> bool:
    """Whether three pieces make a phone number in another order, when the reply says where each goes.

    "acaba en 209. Lo del medio es 473. Y empieza por 651": only with a word for the start, the
    middle or the end of the number near the pieces, so that any three numbers in a row are not
    tried in every order.
    """
    words = _WORD.findall(scanned[max(0, chain[0].start - 40) : chain[-1].start])
    if not any(word.startswith(_POSITION_STEMS) for word in words):
        return False
    return any(
        _is_phone("".join(piece.digits for piece in order), order[0].plus, regions)
        for order in permutations(chain)
        if order != tuple(chain) and not any(piece.plus for piece in order[1:])
    )


def _is_phone(digits: str, international: bool, regions: tuple[str, ...]) -> bool:
    """Whether ``digits`` ("+" first when ``international``) is a valid number in one of ``regions``."""
    if len(digits) < _MIN_DIGITS:
        return False
    if international:
        return _valid("+" + digits, None)
    return any(
        (region not in _TRUNK_ZERO or digits.startswith("0"))
        and (digits.startswith("00") or len(digits) in _national_lengths(region))
        and _valid(digits, region)
        for region in regions
    )


@lru_cache(maxsize=64)
def _national_lengths(region: str) -> frozenset[int]:
    """How many digits a number of ``region`` has as written at home, with or without its trunk prefix."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if metadata is None or metadata.general_desc is None:
        return frozenset(range(_MIN_DIGITS, _MAX_DIGITS + 1))
    lengths = set(metadata.general_desc.possible_length)
    prefix = metadata.national_prefix or ""
    return frozenset(lengths | {length + len(prefix) for length in lengths})


def _valid(number: str, region: str | None) -> bool:
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(parsed)
