"""R2.1: phone numbers: candidate digit runs, what is not a phone number (dates, prices, codes, references, IMEIs), and ``phonenumbers`` for the market's region."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher

from rules.markets import DEFAULT_MARKETS
from rules.screening.contact.emails import _words
from rules.screening.contact.number_labels import counts_up, labelled_before
from rules.screening.contact.number_words import _Normalised
from rules.screening.contact.phone_words import CONNECTORS, REFERENCE_KEYWORDS

# Digit groups joined by at most three separator characters: "06 12 34 56 78", "+33 (0)6.12",
# "0 6, 12, 34" (spelled out), "030/1234567", "06*12*34_56|78".
_SEP_CHARS = " \t\u00a0\u202f.\\-\u2010-\u2015/(),*_|"

_RUN = re.compile(rf"(?:\+[ \t]?|\([ \t]?\+?)?\d(?:[{_SEP_CHARS}]{{0,3}}\d)*\)?")

_GROUP = re.compile(r"\d+")

_DATE = re.compile(
    r"(?<![\d./\-])(?:(?:19|20)\d{2}([./\-])[0-3]?\d\1[0-3]?\d|[0-3]?\d([./\-])[0-3]?\d\2(?:19|20)\d{2})(?!\d|[./\-]\d)"
)

_PRICE = re.compile(
    r"(?:[$€£¥]|\b(?:eur|usd|gbp|sek|pln|chf)\b)[ \t\u00a0]?\d+(?:[ \u00a0\u202f.,']\d{3})*(?:[.,]\d{1,2})?"
    r"|(?<![\d])(?<!\d[ .,])\d+(?:[ \u00a0\u202f.,']\d{3})*(?:[.,]\d{1,2}|[.,]-)?[ \t\u00a0]?"
    r"(?:[$€£¥]|(?:eur|usd|gbp|sek|pln|chf|kr|zł|zl|euros?|dollars?|pounds?|kronor|złotych|zlotych)(?![^\W\d_]))"
)

# The run is part of a code: "#FR-2026-118273", "LA123456789FR", "1Z999AA10123456784".
_CODE_BEFORE = re.compile(r"(?:[^\W\d_][\-_/]?|[#№])$")

_CODE_AFTER = re.compile(r"[^\W\d_]")

_CODE_TOKEN_BEFORE = re.compile(r"(?<!\w)(?=[^\W_]*\d)(?=[^\W_]*[^\W\d_])[^\W_]{2,6}[ \t]$")

# The run continues a dotted code whose first part mixes letters and digits: an Android build
# number "UP1A.231005.007.S911BXXS3BXBD" (issue 21: it was read as the phone number 231005.007).
_CODE_DOTTED_BEFORE = re.compile(r"(?<!\w)(?=[^\W_]*\d)(?=[^\W_]*[^\W\d_])[^\W_]{2,8}\.$")


def _in_code(text: str, start: int, end: int) -> bool:
    """Whether the digits at ``text[start:end]`` are part of a code: "#FR-2026-118273", "LA123456789FR",
    "A2633", "SM-G991B", "8R 123 456 789 0", an Android build number "UP1A.231005.007"."""
    return bool(
        _CODE_BEFORE.search(text, max(0, start - 2), start)
        or (end < len(text) and _CODE_AFTER.match(text, end))
        or _CODE_TOKEN_BEFORE.search(text, max(0, start - 8), start)
        or _CODE_DOTTED_BEFORE.search(text, max(0, start - 10), start)
    )


_STEM_LETTERS = 5
"""A reference keyword of this many letters or more may carry an ending ("Bestellnummer", "commandes");
a shorter one stands as a word, or plural with "s" ("ein" is not "einfach", "cif" not "cifras", "ust"
not "usted": those replies give a phone number)."""

_LONG_REFERENCE_KEYWORDS = tuple(word for word in REFERENCE_KEYWORDS if len(word) >= _STEM_LETTERS)
_SHORT_REFERENCE_KEYWORDS = tuple(word for word in REFERENCE_KEYWORDS if len(word) < _STEM_LETTERS)

_REFERENCE_BEFORE = re.compile(
    rf"(?<![^\W\d_])(?:(?:{_words(_LONG_REFERENCE_KEYWORDS)})[^\W\d_]*|(?:{_words(_SHORT_REFERENCE_KEYWORDS)})s?(?![^\W\d_]))"
    rf"(?:[\s:#.°º\-–]+(?:{_words(CONNECTORS)})(?![^\W\d_]))*[\s:#.°º\-–]*$",
)

_MIN_DIGITS = 7

_IMEI_DIGITS = (14, 16)  # no national number is this long; two numbers in a row are longer

_MAX_DIGITS = 17  # an E.164 number has at most 15 digits; "00" or a trunk "(0)" adds two


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        d = ord(char) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


Regions = tuple[tuple[str, int], ...]

"""(phone region, leniency) pairs, tried in order."""


@lru_cache(maxsize=64)
def _regions(market: str) -> tuple[Regions, Regions]:
    """(every region, the home regions) to read numbers in.

    The market's region is read at ``VALID`` (DESIGN.md); the other default markets' regions at
    ``STRICT_GROUPING``, so that a seller abroad giving a home number is found while an order
    reference that happens to be a valid number somewhere ("2026-118273" is a US number) passes.
    Without a known market, every default region is home.
    """
    supported = phonenumbers.SUPPORTED_REGIONS
    defaults = [code for code in DEFAULT_MARKETS if code in supported]
    home = market.strip().upper()
    if home not in supported:
        every = tuple((code, Leniency.VALID) for code in defaults)
        return every, every
    own = ((home, Leniency.VALID),)
    return own + tuple((code, Leniency.STRICT_GROUPING) for code in defaults if code != home), own


_TRUNK_ZERO = frozenset(
    region
    for region in DEFAULT_MARKETS
    if getattr(phonenumbers.PhoneMetadata.metadata_for_region(region), "national_prefix", None) == "0"
)

"""Regions whose numbers are written with a leading "0" at home (FR 06..., DE 0171..., GB 07...)."""


def _written_as_phone(raw: str, region: str) -> bool:
    """Whether ``raw`` is written the way people write phone numbers of ``region``.

    In a region with a trunk "0", a number without it and without "+"/"00" ("345678901" read
    as 03 45 67 89 01) is a reference number, not a phone number as anyone writes one.
    """
    if region not in _TRUNK_ZERO:
        return True
    return raw.lstrip("( \t").startswith(("+", "0"))  # digits are ASCII here (``_Normalised``)


def _matches(
    candidate: str, regions: Regions, groups: Sequence[tuple[int, int]] | None = None
) -> list[tuple[int, int]]:
    """Phone numbers in ``candidate`` over ``regions`` in order.

    Stops at the first region that finds any when ``groups`` is None, or once every digit group
    is inside a match: a French number in a French reply costs one matcher call, not fifteen.
    In a neighbour's region (``STRICT_GROUPING``) only a match of all the digits counts: the
    matcher's search for a number inside a longer run is for the home region, or "FR 12
    345678901" (a VAT number) would hold an Italian mobile.
    """
    spans: list[tuple[int, int]] = []
    digits = sum(map(str.isdigit, candidate))
    for region, leniency in regions:
        try:
            found = [
                (m.start, m.end)
                for m in PhoneNumberMatcher(candidate, region, leniency=leniency)
                if _written_as_phone(m.raw_string, region)
                and (leniency == Leniency.VALID or sum(map(str.isdigit, m.raw_string)) == digits)
            ]
        except Exception:  # noqa: BLE001 - phonenumbers on odd input must not fail the screening
            found = []
        if not found:
            continue
        spans.extend(found)
        if groups is None or all(any(s <= gs and ge <= e for s, e in spans) for gs, ge in groups):
            break
    return spans


_ODD_SEPARATORS = str.maketrans({",": " ", "*": " ", "_": " ", "|": " "})

# Where one run may hold two things: "06 12 34 56 78 / 07 81 23 45 67", "06 12 34 56 78, 24/7".
_STRONG_SEPARATOR = re.compile(r"[ \t]*[,/;][ \t]*|[ \t]+[-\u2010-\u2015][ \t]+|[ \t]{2,}")


def _phone_spans_in_run(run: str, regions: tuple[Regions, Regions]) -> list[tuple[int, int]]:
    """Phone numbers inside one candidate run (positions relative to the run).

    The whole run first; if digits are left over, each part between strong separators (a comma,
    a slash, a spaced dash) on its own. Parts are not combined or cut further: "123 456 789 012
    345 678" is one identifier, not a phone number with digits around it.
    """
    every, home = regions
    candidate = run.translate(_ODD_SEPARATORS)
    groups = [(m.start(), m.end()) for m in _GROUP.finditer(candidate)]
    found = _matches(candidate, _regions_for(candidate, groups, regions), groups)
    uncovered = [(gs, ge) for gs, ge in groups if not any(s <= gs and ge <= e for s, e in found)]
    if sum(ge - gs for gs, ge in uncovered) < _MIN_DIGITS:
        return found
    part_start = 0
    for separator in [*_STRONG_SEPARATOR.finditer(run), None]:
        part_end = separator.start() if separator else len(run)
        part = candidate[part_start:part_end]
        offset = part_start
        part_start = separator.end() if separator else len(run)
        if (offset, offset + len(part)) == (0, len(run)) or sum(map(str.isdigit, part)) < _MIN_DIGITS:
            continue
        if any(s <= offset and offset + len(part) <= e for s, e in found):
            continue
        part_groups = [(m.start(), m.end()) for m in _GROUP.finditer(part)]
        spans = _matches(part, _regions_for(part, part_groups, regions), part_groups)
        found.extend((offset + s, offset + e) for s, e in spans)
    return found


def _regions_for(candidate: str, groups: Sequence[tuple[int, int]], regions: tuple[Regions, Regions]) -> Regions:
    """One block of digits in national form is read in the home region only.

    In a French reply "3456129870" is a DHL waybill, not a US number. Grouped digits ("612 34 56
    78") are read in the neighbours' regions too, where their grouping must fit.
    """
    every, home = regions
    if len(groups) == 1 and not candidate.lstrip("( \t").startswith(("+", "00")):
        return home
    return every


def _mask(text: str, pattern: re.Pattern[str]) -> str:
    """``text`` with every match of ``pattern`` blanked out (same length, so positions hold)."""
    return _mask_spans(text, [m.span() for m in pattern.finditer(text)])


def _mask_spans(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` with every span blanked out with "_" (same length, so positions hold); spans may overlap."""
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = "_" * (end - start)
    return "".join(chars)


def _phone_spans(text: str, low: str, market: str) -> list[tuple[int, int]]:
    normalised = _Normalised(text, low)
    scanned = normalised.text
    regions = _regions(market or "")
    spans: list[tuple[int, int]] = []
    for candidate in _RUN.finditer(scanned):
        if sum(map(str.isdigit, candidate.group())) < _MIN_DIGITS:
            continue
        # Dates and prices are never phone numbers: blank them out around this run, then read
        # what is left of it ("24/12/2026 14" leaves "14", "1 299 999 kr" leaves nothing).
        window_start = max(0, candidate.start() - 8)
        window = _mask(_mask(scanned[window_start : candidate.end() + 16], _DATE), _PRICE)
        for run in _RUN.finditer(window, candidate.start() - window_start, candidate.end() - window_start):
            start, end = window_start + run.start(), window_start + run.end()
            for s, e in _phone_spans_of_run(scanned, start, end, run.group(), regions):
                spans.append(normalised.span(s, e))
    return spans


def _phone_spans_of_run(
    scanned: str, start: int, end: int, written: str, regions: tuple[Regions, Regions]
) -> list[tuple[int, int]]:
    """The phone numbers of one digit run of the normalised reply, or none if it is something else."""
    digits = "".join(filter(str.isdigit, written))
    if len(digits) < _MIN_DIGITS:
        return []
    if _in_code(scanned, start, end):
        return []  # part of a code: "#FR-2026-118273", "LA123456789FR", "8R 123 456 789 0"
    bare = written.lstrip("( \t")
    if written.isdigit() and len(digits) > (_MAX_DIGITS if bare.startswith("00") else _MAX_DIGITS - 2):
        return []  # one block of digits too long for a phone number: a tracking number
    international = bare.startswith("+") or (bare.startswith("00") and len(digits) <= _MAX_DIGITS)
    if not international:
        if _IMEI_DIGITS[0] <= len(digits) <= _IMEI_DIGITS[1]:
            return []  # an IMEI (15), IMEISV (16) or an IMEI without its check digit: "353 912 110 254 673"
        if _REFERENCE_BEFORE.search(scanned, max(0, start - 80), start):
            return []  # "order 4829103", "IMEI 35 209900 176148 1", "Sendungsnummer 0034..."
        if "," in written and (labelled_before(scanned, start) or counts_up(_GROUP.findall(written))):
            return []  # a list after its label ("Tickets still open: 415, 837, 2946") or a count ("photos 5, 6, 7, 8")
    return [(start + s, start + e) for s, e in _phone_spans_in_run(written, regions)]
