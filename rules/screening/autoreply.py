"""R2.2 automated replies: the auto-responder flag, auto-reply markers, and repeated templates.

A reply is refused as ``automated_reply`` when

- the backend flags it as sent by an auto-responder (:attr:`ReplyContext.auto_reply_flag`);
- it carries an auto-reply marker ("automatic reply", "out of office", "réponse automatique",
  "Abwesenheitsnotiz", ...). Markers of *every* market language are looked for in every market:
  an auto-responder answers in its owner's language, not the buyer's. Matching ignores case,
  accents, compatibility forms and invisible characters, takes a space or a hyphen between the
  words of a marker, and is on whole words only ("autoreplyer" or "Abwesenheitsnotizen" do not
  match); the finding quotes the marker as the seller wrote it, at its exact position.
  "Automatic message" phrases (:data:`AUTO_MESSAGE_MARKERS`) are also how sellers speak of the
  carrier's notifications, so they count only as a subject line or said of the message itself
  ("Ceci est un message automatique");
- the seller sent the same text to :data:`TEMPLATE_MIN_THREADS` or more *other* threads within
  :data:`TEMPLATE_WINDOW`. "The same" is decided on :func:`fingerprint` (case, accents, white
  space, digits and names normalised away) with :func:`count_repeats` (near-identical under
  ``rapidfuzz``). The look-up of the seller's other replies needs the store, so the activity does
  it; everything here is pure.

Template threshold (measured on the cases in ``tests/rules/test_autoreply.py``)
--------------------------------------------------------------------------------
:func:`fingerprint` masks what changes between sends of one template: case, accents, white space,
anything with a digit, month and weekday names, device names, the buyer's name after a greeting
or title (and any names the caller gives). Six templates in six languages, each sent with five
different buyers, orders, dates, devices and tracking numbers and re-flowed white space, give
*identical* fingerprints (ratio 100). What the normaliser cannot see (a name inside a sentence, a
carrier, a colour, another sign-off) costs 7-15 characters of insertions/deletions (ratio
97-98.6). Adapting the template to the case changes or adds a sentence (the fault, a missing part,
the photos the buyer sent): 26 characters and more, ratio 79-94.98 on 90 adapted replies. So two
fingerprints are the same text when both

- ``fuzz.ratio >= 95`` (:data:`TEMPLATE_THRESHOLD`, the ``threshold`` argument): at most 5 % of
  the two texts differ; a short reply must match almost exactly; and
- at most :data:`TEMPLATE_MAX_EDITS` (24) characters are inserted or deleted: on a long template
  5 % would let a whole case-specific sentence through (5 % of 2,000 characters is 100), so the
  budget stops growing past ~480 characters.

A short courtesy reply ("Merci, bonne journée !") sent unchanged to 5 other threads is a repeat
too: R2.2 has no minimum length. Comparing one fingerprint with 300 replies of a busy seller's week
costs about 0.2 ms (equal strings short-cut; a length gap over the budget is rejected before
rapidfuzz, whose ``score_cutoff`` stops early on clearly different texts).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from rules.findings import Finding
from rules.kinds import ViolationKind
from rules.patterns import trie_pattern
from rules.screening.autoreply_words import AUTO_REPLY_MARKERS, GREETINGS, TITLES

if TYPE_CHECKING:  # screening imports this module's check: no import cycle at run time
    from rules.screening import ReplyContext

RULE_AUTOMATED_REPLY = "R2.2"

TEMPLATE_MIN_THREADS = 5
"""R2.2: the same text sent to this many *other* threads of the seller is a template."""
TEMPLATE_WINDOW = timedelta(days=7)
"""R2.2: how far back the seller's other replies are compared."""
TEMPLATE_THRESHOLD = 95.0
"""``fuzz.ratio`` (0-100) at or above which two fingerprints are the same text (module doc)."""
TEMPLATE_MAX_EDITS = 24
"""At most this many characters inserted or deleted between two fingerprints of one text."""

# -- auto-reply markers --------------------------------------------------------------------------
#
# Phrases an auto-responder writes and a person answering a buyer does not. Each entry is matched
# folded (case, accents) and whole-word; a space or hyphen between words matches either, so
# "auto reply" also finds "auto-reply" and "Auto  Reply". Left out as too common in genuine
# replies: "OOO", "away", "absent", "Außer Haus", "fuori sede", "ausente".


AUTO_MESSAGE_MARKERS: dict[str, tuple[str, ...]] = {
    "en": ("automatic message", "automated message", "automatically generated message"),
    "fr": ("message automatique", "message généré automatiquement"),
    "de": ("automatische Nachricht", "automatisch generierte Nachricht", "automatisch erstellte Nachricht"),
    "nl": ("automatisch bericht", "automatisch gegenereerd bericht"),
    "es": ("mensaje automático", "mensaje generado automáticamente"),
    "it": ("messaggio automatico", "messaggio generato automaticamente"),
    "pt": ("mensagem automática", "mensagem gerada automaticamente"),
    "sv": ("automatiskt meddelande", "automatiskt genererat meddelande"),
    "fi": ("automaattinen viesti", "automaattisesti luotu viesti"),
    "el": ("αυτόματο μήνυμα",),
    "pl": ("wiadomość automatyczna", "automatyczna wiadomość", "wiadomość wygenerowana automatycznie"),
}
"""Markers that are also what a seller calls the carrier's or the platform's notifications
("vous recevrez un message automatique avec le suivi"): found only where an auto-responder puts
them, at the start of a line like a subject ("Message automatique : ...", "[Automatische
Nachricht]") or said of the message itself ("Ceci est un message automatique", "This is an
automated message", "Dies ist eine automatische Nachricht")."""

_COPULAS = ("is", "est", "ist", "es", "è", "é", "är", "on", "είναι", "jest")
"""'is' in the market languages: "<this> is a(n) <marker>"."""
_ARTICLES = ("a", "an", "un", "une", "ein", "eine", "een", "una", "uno", "um", "uma", "ett", "en", "ένα")
"""'a(n)', the one word allowed between the copula and the marker ("is in the automatic message" is not one)."""


# -- folding with positions ----------------------------------------------------------------------

_APOSTROPHES = ("\u2019", "\u2018", "\u02bc", "\u00b4", "`")


def _straight_apostrophes(text: str) -> str:
    """Typographic apostrophes as "'" ("message d’absence"); ``str.replace`` is far faster than ``translate``."""
    for apostrophe in _APOSTROPHES:
        if apostrophe in text:
            text = text.replace(apostrophe, "'")
    return text


def _char_class(keep: Callable[[str], bool], extra: Iterable[tuple[int, int]] = ()) -> str:
    """A regex character class of the Basic Multilingual Plane characters ``keep`` accepts, as ranges."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF or not keep(chr(code)):
            continue
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    ranges.extend(extra)
    return (
        "["
        + "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
        + "]"
    )


# Marks (accents after NFKD) and invisible format characters (zero-width space, soft hyphen, BOM,
# bidi marks, tags, variation selectors): folding drops them.
_DROPPED = re.compile(
    _char_class(lambda c: unicodedata.category(c)[0] == "M" or unicodedata.category(c) == "Cf", [(0xE0000, 0xE01EF)])
    + "+"
)


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """``char`` case-folded, compatibility-decomposed, without marks; "" for invisible format characters."""
    return _fold(char)


def _fold(text: str) -> str:
    """``text`` case-folded, compatibility-decomposed (full-width letters, ligatures), without marks."""
    if text.isascii():
        return _straight_apostrophes(text.lower())
    decomposed = unicodedata.normalize("NFKD", _straight_apostrophes(text.casefold()))
    return _DROPPED.sub("", decomposed).casefold()


def _origins(text: str) -> tuple[str, list[int]]:
    """The folded text and, per folded character, the index of the original character it came from."""
    pieces: list[str] = []
    origins: list[int] = []
    for index, piece in enumerate(map(_fold_char, text)):
        if piece:
            pieces.append(piece)
            origins.extend([index] * len(piece))
    return "".join(pieces), origins


def _original_span(text: str, origins: list[int] | None, start: int, end: int) -> tuple[int, int]:
    """The original ``[start, end)`` of the folded match ``[start, end)``, with trailing combining marks."""
    if origins is None:
        return start, end
    orig_start, orig_end = origins[start], origins[end - 1] + 1
    while orig_end < len(text) and unicodedata.category(text[orig_end]).startswith("M"):
        orig_end += 1
    return orig_start, orig_end


_LETTER = r"[^\W\d_]"
# Whole words: a marker may not touch a letter on either side; digits and punctuation are boundaries.
_MARKER_PATTERN = re.compile(
    rf"(?<!{_LETTER})(?P<marker>{trie_pattern(_fold(m) for ms in AUTO_REPLY_MARKERS.values() for m in ms)})(?!{_LETTER})"
    # A notification phrase as a subject line or said of the message itself (AUTO_MESSAGE_MARKERS).
    rf"|(?:^[ \t>*\[(]*(?:(?:re|aw|fw|fwd|tr|sv|vs)[ \t]*:[ \t]*)?"
    rf"|(?<!{_LETTER})(?:{trie_pattern({_fold(c) for c in _COPULAS})})[ \t]+"
    rf"(?:(?:{trie_pattern({_fold(a) for a in _ARTICLES})})[ \t]+)?)"
    rf"(?P<message>{trie_pattern(_fold(m) for ms in AUTO_MESSAGE_MARKERS.values() for m in ms)})(?!{_LETTER})",
    re.MULTILINE,
)


def _finding(text: str, start: int, end: int) -> Finding:
    return Finding(rule=RULE_AUTOMATED_REPLY, kind=ViolationKind.AUTOMATED_REPLY.value, text=text, start=start, end=end)


def find_markers(text: str) -> list[Finding]:
    """Every auto-reply marker in ``text``, quoted as written, in order of position."""
    folded = _fold(text)
    if not _MARKER_PATTERN.search(folded):
        return []
    origins: list[int] | None = None
    if not text.isascii():  # map positions back: only for the rare reply that has a marker
        folded, origins = _origins(text)
    findings = []
    for match in _MARKER_PATTERN.finditer(folded):
        group = "marker" if match.start("marker") >= 0 else "message"
        start, end = _original_span(text, origins, match.start(group), match.end(group))
        findings.append(_finding(text[start:end], start, end))
    return findings


def check_auto_reply(text: str, context: ReplyContext) -> list[Finding]:
    """R2.2 ``automated_reply`` as far as the reply alone shows it: the backend's flag and markers.

    The flag gives one finding over the whole reply that quotes nothing; each marker gives one
    finding quoting it. Template repeats need the seller's other replies: see :func:`count_repeats`.
    """
    findings = [_finding("", 0, len(text))] if context.auto_reply_flag else []
    findings.extend(find_markers(text))
    return findings


# -- template repeats ----------------------------------------------------------------------------


def _alternation(words: Iterable[str]) -> str:
    return trie_pattern({_fold(word) for word in words})


_TITLE = (  # "m." and "κ." only with their dot, the others with or without
    rf"(?:{_alternation(t for t in TITLES if t.endswith('.'))}|(?:{_alternation(t for t in TITLES if not t.endswith('.'))})\.?)"
)
# Who is greeted: titles and one to three words that start with a letter and are not a title,
# or titles alone ("Bonjour Madame Durand", "Dear Mr. Smith", "Bonjour Monsieur"), then
# punctuation or a line end. Titles are masked with the name: they follow the buyer too.
_NAME = rf"(?!(?:{_TITLE})(?!\w))[^\W\d_][\w'\-]*"
_STOP = r"(?=[ \t]*(?:[,!.:;\n]|$))"
_GREETING_NAME = re.compile(
    rf"(?<!\w)(?:{_alternation(GREETINGS)})"
    rf"(?P<names>(?:[ \t,]+(?:{_TITLE})){{0,3}}(?:[ \t]+{_NAME}){{1,3}}|(?:[ \t,]+(?:{_TITLE})(?!\w)){{1,3}}){_STOP}"
)
_TITLE_NAME = re.compile(rf"(?<!\w)(?P<names>(?:{_TITLE})(?:[ \t]+(?:{_TITLE})){{0,2}}(?:[ \t]+{_NAME}){{1,2}}){_STOP}")
_DIGIT_TOKEN = re.compile(r"(?<![\w\-/.,:#+])[\w\-/.,:#+]*\d[\w\-/.,:#+]*")
_WHITESPACE = re.compile(r"\s+")
NAME_PLACEHOLDER = "@"
_PLACEHOLDER_RUN = re.compile(r"@(?:[ \t]+@)+")


# Dates written in words and device names vary between sends of one template like numbers do:
# they are masked too ("le 3 mars" / "le 14 avril", "your iPhone 13 Pro" / "your Galaxy S21").
_DAY_WORDS = (
    # en
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow tonight "
    # fr
    "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre "
    "lundi mardi mercredi jeudi vendredi samedi dimanche aujourd'hui hier demain "
    # de
    "januar februar marz juni juli oktober dezember jänner "
    "montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag heute gestern morgen "
    # nl
    "januari februari maart mei augustus "
    "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag vandaag gisteren "
    # es
    "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre "
    "lunes martes miercoles jueves viernes sabado domingo hoy ayer manana "
    # it
    "gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre "
    "lunedi martedi mercoledi giovedi venerdi sabato domenica oggi ieri domani "
    # pt
    "janeiro fevereiro marco maio junho julho setembro outubro novembro dezembro "
    "segunda terca quarta quinta sexta feira amanha ontem hoje "
    # sv
    "januari februari mars augusti "
    "mandag tisdag onsdag torsdag fredag lordag sondag idag igar imorgon "
    # fi
    "tammikuuta helmikuuta maaliskuuta huhtikuuta toukokuuta kesakuuta heinakuuta elokuuta "
    "syyskuuta lokakuuta marraskuuta joulukuuta maanantaina tiistaina keskiviikkona torstaina "
    "perjantaina lauantaina sunnuntaina tanaan eilen huomenna "
    # el (folded: no accents, final sigma as σ)
    "ιανουαριου φεβρουαριου μαρτιου απριλιου μαιου ιουνιου ιουλιου αυγουστου σεπτεμβριου "
    "οκτωβριου νοεμβριου δεκεμβριου δευτερα τριτη τεταρτη πεμπτη παρασκευη σαββατο κυριακη "
    "σημερα χθες αυριο "
    # pl
    "stycznia lutego marca kwietnia maja czerwca lipca sierpnia wrzesnia pazdziernika listopada "
    "grudnia poniedziałek wtorek sroda czwartek piatek sobota niedziela dzisiaj dzis wczoraj jutro"
).split()
_DEVICE_BRANDS = (
    "iphone ipad ipod macbook imac airpods apple galaxy samsung pixel google xperia sony xiaomi redmi "
    "huawei oneplus oppo realme nokia motorola fairphone"
).split()
_DEVICE_SUFFIXES = "0 pro max mini plus air se ultra lite fe note fold flip edge xl xr xs watch".split()
_DAY_WORD = re.compile(rf"(?<!\w)(?:{_alternation(_DAY_WORDS)})(?!\w)")
_DEVICE = re.compile(rf"(?<!\w)(?:{_alternation(_DEVICE_BRANDS)})(?:[ \t]+(?:{_alternation(_DEVICE_SUFFIXES)}))*(?!\w)")
DEVICE_PLACEHOLDER = "#"
_ZERO_RUN = re.compile(r"(?<!\w)0(?:[ \t./\-]+0)+(?!\w)")  # "0 0 0" (3 mars 2025) is one date


def _name_pattern(names: Sequence[str]) -> re.Pattern[str] | None:
    """The given names and each capitalised part of them ("Maria de la Cruz": also "Maria", "Cruz")."""
    variants = set()
    for name in names:
        if not name or not name.strip():
            continue
        variants.add(_fold(name).strip())
        variants.update(_fold(part) for part in re.split(r"[\s\-]+", name) if len(part) >= 2 and part[0].isupper())
    if not variants:
        return None
    return re.compile(rf"(?<!\w)(?:{'|'.join(sorted(map(re.escape, variants), key=len, reverse=True))})(?!\w)")


def _mask_names(match: re.Match[str]) -> str:
    return match.group(0)[: match.start("names") - match.start()] + " " + NAME_PLACEHOLDER


def fingerprint(text: str, names: Sequence[str] = ()) -> str:
    """``text`` with everything that differs between sends of one template normalised away.

    - case and accents folded (``"Réponse"`` and ``"reponse"`` are one word), invisible characters dropped;
    - every token containing a digit (order and tracking numbers, dates, times, prices, IMEIs,
      "A2643", "256GB") becomes ``"0"``, and so do month and weekday names and "today",
      "yesterday", "tomorrow" in the market languages ("le 3 mars", "am Montag");
    - a device name ("iPhone 13 Pro Max", "Galaxy S21", "iPad Air") becomes ``"#"``;
    - the given ``names`` (the buyer's, the seller's) and a name after a greeting or a title
      ("Bonjour Marie,", "Dear Mr Smith,", "Hallo Frau Müller,") become ``"@"``; ``names`` is
      optional, the greeting rule needs none;
    - white space collapsed to single spaces, the ends stripped.

    Deterministic on purpose: fingerprints are stored with each accepted reply and compared for
    7 days, so a change here must keep last week's fingerprints comparable.
    """
    folded = _fold(text)  # lines kept until the end: a greeting's name ends at a line break
    pattern = _name_pattern(names)
    if pattern is not None:
        folded = pattern.sub(NAME_PLACEHOLDER, folded)
    folded = _GREETING_NAME.sub(_mask_names, folded)
    folded = _TITLE_NAME.sub(_mask_names, folded)
    folded = _PLACEHOLDER_RUN.sub(NAME_PLACEHOLDER, folded)
    folded = _DIGIT_TOKEN.sub("0", folded)
    folded = _DAY_WORD.sub("0", folded)
    folded = _ZERO_RUN.sub("0", folded)
    folded = _DEVICE.sub(DEVICE_PLACEHOLDER, folded)
    return _WHITESPACE.sub(" ", folded).strip()


def same_text(a: str, b: str, threshold: float = TEMPLATE_THRESHOLD) -> bool:
    """Whether two fingerprints are one text: ``fuzz.ratio >= threshold`` and at most
    :data:`TEMPLATE_MAX_EDITS` characters inserted or deleted (module doc)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > TEMPLATE_MAX_EDITS or fuzz.ratio(a, b, score_cutoff=threshold) < threshold:
        return False
    return Indel.distance(a, b, score_cutoff=TEMPLATE_MAX_EDITS) <= TEMPLATE_MAX_EDITS


def count_repeats(fp: str, others: Sequence[tuple[str, str]], threshold: float = TEMPLATE_THRESHOLD) -> int:
    """How many distinct threads of ``others`` (``(thread_id, fingerprint)``) got the same text as ``fp``.

    ``others`` are the seller's replies of the last :data:`TEMPLATE_WINDOW` in *other* threads
    (the caller leaves out the thread being answered); several replies to one thread count once.
    R2.2 refuses when the count is at least :data:`TEMPLATE_MIN_THREADS`.
    """
    matched: set[str] = set()
    for thread_id, other in others:
        if thread_id not in matched and same_text(fp, other, threshold):
            matched.add(thread_id)
    return len(matched)


def template_finding(text: str) -> Finding:
    """The R2.2 finding for a reply sent as the same text to too many threads: it quotes the whole reply."""
    return _finding(text, 0, len(text))
