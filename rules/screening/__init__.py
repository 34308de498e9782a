"""R2: what a seller reply may contain, checked before the reply reaches the buyer.

Every check is an independent pure function ``(text, languages) -> list[Finding]``. A check
knows one rule and nothing else, so R2.1-R2.3 can be added to :data:`CHECKS` later without
touching the ones here. :func:`screen_reply` runs them all and returns every finding in order of
position: the seller is told *what* was found and *where* (R2), so each finding carries the text
as the seller wrote it and its ``start``/``end`` offsets in the original reply.

Only R2.4 is here for now:

- ``empty_reply``: nothing visible. Invisible characters (zero-width spaces, NBSP, BOM, Hangul
  fillers, ...) count as nothing, or a seller could stop the clock with a reply that shows blank.
- ``abusive_language``: clear insults from a small per-language word list. Matching is on whole
  words only (the "Scunthorpe problem": "classic", "Scunthorpe", "Idiotensicher" must pass), and
  ignores case, accents, compatibility forms (full-width letters) and invisible characters
  hidden inside a word, so "IMBECILE", "imbe\\u0301cile" and "id\\u200biot" are all caught.

No I/O: this module is imported by workflows, so it must stay deterministic. Patterns are
compiled once per language set and cached; screening an ordinary reply costs microseconds.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from rules.findings import Finding
from rules.kinds import ViolationKind
from rules.markets import DEFAULT_MARKETS
from rules.screening.autoreply import check_auto_reply
from rules.screening.contact import check_off_platform_contact
from rules.screening.language import MIN_CONFIDENCE, MIN_LETTERS, check_language

RULE_EMPTY_OR_ABUSIVE = "R2.4"


@dataclass(frozen=True)
class ReplyContext:
    """What the checks know of a reply besides its text: the market it is answered in."""

    languages: tuple[str, ...]
    market: str = ""
    """Market code: the region phone numbers are read in (R2.1)."""
    auto_reply_flag: bool = False
    """R2.2: the backend saw an auto-responder send it."""
    allowed_domains: tuple[str, ...] | None = None
    """R2.1: web addresses that pass (the platform and carriers' tracking sites); None: the default list."""
    language_min_confidence: float = MIN_CONFIDENCE
    """R2.3: how sure the detector must be that a reply is in none of the market's languages."""
    language_min_letters: int = MIN_LETTERS
    """R2.3: shorter replies (in letters) are never refused for their language."""


Check = Callable[[str, ReplyContext], list[Finding]]
"""One rule's check: the reply text and its context in, that rule's findings out."""

ALWAYS_CHECKED_LANGUAGES: tuple[str, ...] = ("en",)
"""Languages whose insult list applies in every market: helpdesk English is common everywhere."""

# -- R2.4 insult lists -------------------------------------------------------------------------
#
# Only clear insults aimed at a person (or unmistakable "f*** off" phrases), written as a native
# speaker would, accents included; matching folds case and accents. Deliberately left out, because
# they are innocent words in some language checked alongside (a Belgian reply is screened against
# fr, nl, de and en at once) or in ordinary helpdesk prose:
#   "ass" (classic, assistance), "con" (es/it "with"), "retard" (fr "en retard" = late),
#   "stupid"/"estúpido" ("a stupid mistake on our part"), "burro" (it "butter"), "hora"
#   (es/pt "hour"), "eikel" (nl "acorn"), "Depp" (a surname), "deficiente" (es/pt "deficient"),
#   "Penner", "mongool" (also a nationality), "fan" (en "fan"), "lul" (nl "lul niet" = nonsense).
# Inflected languages list the forms that are actually hurled at people (nominative, vocative,
# plural); a whole-word list cannot guess endings without re-opening the Scunthorpe problem.

INSULTS: Mapping[str, tuple[str, ...]] = {
    "en": (
        "idiot",
        "idiots",
        "moron",
        "morons",
        "imbecile",
        "imbeciles",
        "cretin",
        "cretins",
        "asshole",
        "assholes",
        "arsehole",
        "arseholes",
        "dumbass",
        "dickhead",
        "dickheads",
        "bastard",
        "bastards",
        "bitch",
        "scumbag",
        "scumbags",
        "cunt",
        "cunts",
        "motherfucker",
        "fuck you",
        "fuck off",
    ),
    "fr": (
        "connard",
        "connards",
        "connasse",
        "salaud",
        "salauds",
        "salope",
        "enculé",
        "enculés",
        "imbécile",
        "imbéciles",
        "abruti",
        "abrutis",
        "abrutie",
        "crétin",
        "crétins",
        "crétine",
        "idiot",
        "idiote",
        "ta gueule",
        "fils de pute",
        "pauvre con",
        "espèce de con",
    ),
    "de": (
        "Arschloch",
        "Arschlöcher",
        "Idiot",
        "Idioten",
        "Vollidiot",
        "Vollidioten",
        "Trottel",
        "Wichser",
        "Hurensohn",
        "Hurensöhne",
        "Schwachkopf",
        "Blödmann",
        "Dummkopf",
        "Mistkerl",
        "Scheißkerl",
        "Missgeburt",
        "Fick dich",
        "Verpiss dich",
    ),
    "nl": (
        "klootzak",
        "klootzakken",
        "hufter",
        "idioot",
        "idioten",
        "debiel",
        "smeerlap",
        "rotzak",
        "trut",
        "kankerlijer",
        "oetlul",
        "rot op",
        "sodemieter op",
    ),
    "es": (
        "idiota",
        "idiotas",
        "imbécil",
        "imbéciles",
        "gilipollas",
        "cabrón",
        "cabrones",
        "pendejo",
        "pendeja",
        "cretino",
        "cretina",
        "hijo de puta",
        "vete a la mierda",
    ),
    "it": (
        "idiota",
        "idioti",
        "imbecille",
        "imbecilli",
        "stronzo",
        "stronza",
        "stronzi",
        "cretino",
        "cretina",
        "coglione",
        "coglioni",
        "vaffanculo",
        "testa di cazzo",
        "figlio di puttana",
    ),
    "pt": (
        "idiota",
        "idiotas",
        "imbecil",
        "imbecis",
        "otário",
        "otária",
        "babaca",
        "cabrão",
        "cretino",
        "filho da puta",
        "vai te foder",
        "vai-te foder",
        "vai se foder",
    ),
    "sv": (
        "idiot",
        "idioten",
        "idioter",
        "rövhål",
        "arsle",
        "pucko",
        "dumskalle",
        "kuksugare",
        "fitta",
        "dra åt helvete",
    ),
    "fi": (
        "idiootti",
        "idiootit",
        "ääliö",
        "kusipää",
        "paskiainen",
        "paskiaiset",
        "mulkku",
        "runkkari",
        "vittupää",
        "haista vittu",
    ),
    "el": (
        "ηλίθιος",
        "ηλίθια",
        "ηλίθιε",
        "βλάκας",
        "βλάκα",
        "μαλάκας",
        "μαλάκα",
        "κάθαρμα",
        "καριόλης",
        "καριόλη",
        "γαμήσου",
    ),
    "pl": (
        "idiota",
        "idioto",
        "debil",
        "debilu",
        "kretyn",
        "kretynie",
        "skurwysyn",
        "skurwysynu",
        "chuj",
        "chuju",
        "dupek",
        "kurwa",
        "spierdalaj",
        "pierdol się",
    ),
}

# -- text folding ------------------------------------------------------------------------------

# Characters that draw nothing yet are not ``str.isspace()``: Hangul fillers, braille blank,
# combining grapheme joiner, variation selectors. Format characters (Cf: zero-width space,
# ZWJ/ZWNJ, word joiner, BOM, soft hyphen, bidi marks, tags) are caught by category.
_INVISIBLE_EXTRA = frozenset(
    "\u034f\u115f\u1160\u3164\uffa0\u2800" + "".join(map(chr, range(0xFE00, 0xFE10)))
) | frozenset(map(chr, range(0xE0100, 0xE01F0)))


def _is_invisible(char: str) -> bool:
    """Whether ``char`` shows nothing on screen: white space, a control or format character, a filler."""
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf") or char in _INVISIBLE_EXTRA


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character as the insult patterns see it: case-folded, compatibility-decomposed, bare.

    Returns "" for marks (accents, after NFKD) and invisible format characters, so an accent or a
    zero-width space inside a word neither hides the word nor splits it. May return more than one
    character ("ß" -> "ss"); :class:`_Folded` keeps track of where each piece came from.
    """
    if unicodedata.category(char) == "Cf" or char in _INVISIBLE_EXTRA:
        return ""
    decomposed = unicodedata.normalize("NFKD", char.casefold())
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M")).casefold()


def _fold_word(word: str) -> str:
    return "".join(map(_fold_char, word))


class _Folded:
    """A folded copy of the reply that maps positions back to the original text.

    ASCII text (most replies) folds one-to-one with ``str.lower``, so offsets are the identity and
    no table is built. Otherwise the per-character pieces are kept and their cumulative lengths are
    computed only when a match must be mapped back.
    """

    __slots__ = ("original", "folded", "_pieces", "_ends")

    def __init__(self, original: str) -> None:
        self.original = original
        if original.isascii():
            self._pieces: list[str] | None = None
            self.folded = original.lower()
        else:
            self._pieces = list(map(_fold_char, original))
            self.folded = "".join(self._pieces)
        self._ends: list[int] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original ``[start, end)`` of the folded ``[start, end)`` (``end > start``).

        The span grows over combining marks that directly follow the last matched character
        ("imbe\\u0301cile" ends after the accent), so the finding shows the whole written word.
        """
        if self._pieces is None:
            return start, end
        if self._ends is None:
            self._ends = list(accumulate(map(len, self._pieces)))
        ends = self._ends
        # First original character whose folded piece reaches past ``start`` / reaches ``end``.
        orig_start = bisect_right(ends, start)
        orig_end = bisect_left(ends, end) + 1
        pieces = self._pieces
        original = self.original
        while orig_end < len(pieces) and unicodedata.category(original[orig_end]).startswith("M"):
            orig_end += 1
        return orig_start, orig_end


# -- pattern cache -----------------------------------------------------------------------------

_LETTER = r"[^\W\d_]"
# Whole words: the match may not touch a letter on either side. Digits, punctuation, apostrophes
# and hyphens are boundaries ("d'imbécile", "Idiot!"); letters of any script are not.
_BEFORE = rf"(?<!{_LETTER})"
_AFTER = rf"(?!{_LETTER})"
_SEPARATOR = r"[\s\-]+"


def _language_key(languages: Iterable[str]) -> frozenset[str]:
    """The lists that apply: the market's languages (primary subtag, lower case) plus English."""
    codes = {code.strip().lower().replace("_", "-").split("-", 1)[0] for code in languages if code and code.strip()}
    return frozenset(codes | set(ALWAYS_CHECKED_LANGUAGES))


@lru_cache(maxsize=64)
def _insult_pattern(key: frozenset[str]) -> re.Pattern[str] | None:
    """One alternation of every listed insult of the languages in ``key``, folded, longest first.

    Longest first so a phrase ("pauvre con") or compound ("Vollidiot") wins over a shorter entry
    at the same position. Languages without a list (a custom market's "he") add nothing.
    """
    # An entry is its words; "vai-te foder" and "vai te foder" are one entry, either separator matches.
    entries = {tuple(re.split(r"[\s\-]+", _fold_word(word).strip())) for code in key for word in INSULTS.get(code, ())}
    if not entries:
        return None
    alternatives = sorted(entries, key=lambda words: (-sum(map(len, words)) - len(words), words))
    body = "|".join(_SEPARATOR.join(map(re.escape, words)) for words in alternatives)
    return re.compile(f"{_BEFORE}(?:{body}){_AFTER}")


def _warm_cache() -> None:
    """Compile the patterns of every default market's language set at import, off the hot path."""
    for market in DEFAULT_MARKETS.values():
        _insult_pattern(_language_key(market.languages))
    for code in INSULTS:
        _insult_pattern(_language_key((code,)))


# -- R2.4 checks -------------------------------------------------------------------------------


def check_empty_reply(text: str, languages: Sequence[str]) -> list[Finding]:
    """R2.4 ``empty_reply``: nothing a buyer could read, whatever invisible characters it carries.

    The finding spans the whole reply and quotes nothing: there is nothing to quote.
    """
    if all(map(_is_invisible, text)):
        return [
            Finding(
                rule=RULE_EMPTY_OR_ABUSIVE,
                kind=ViolationKind.EMPTY_REPLY.value,
                text="",
                start=0,
                end=len(text),
            )
        ]
    return []


def check_abusive_language(text: str, languages: Sequence[str]) -> list[Finding]:
    """R2.4 ``abusive_language``: each listed insult of the market's languages or English, as written.

    The seller is told exactly what was refused, so ``text`` is the original characters
    (``text == reply[start:end]``), not the folded form the pattern matched.
    """
    pattern = _insult_pattern(_language_key(languages))
    if pattern is None or not text:
        return []
    folded = _Folded(text)
    findings = []
    for match in pattern.finditer(folded.folded):
        start, end = folded.span(match.start(), match.end())
        findings.append(
            Finding(
                rule=RULE_EMPTY_OR_ABUSIVE,
                kind=ViolationKind.ABUSIVE_LANGUAGE.value,
                text=text[start:end],
                start=start,
                end=end,
            )
        )
    return findings


def _by_languages(check: Callable[[str, Sequence[str]], list[Finding]]) -> Check:
    """A check that needs only the languages, as a ``Check`` (named as the check, for the bench)."""

    def on_context(text: str, context: ReplyContext) -> list[Finding]:
        return check(text, context.languages)

    on_context.__name__ = on_context.__qualname__ = check.__name__
    return on_context


CHECKS: tuple[Check, ...] = (
    _by_languages(check_empty_reply),
    check_off_platform_contact,
    check_auto_reply,
    check_language,
    _by_languages(check_abusive_language),
)
"""Every reply check, each independent of the others (R2.1-R2.4; R2.2's template repeats need the
store and run in the screening activity)."""


def screen_reply(text: str, context: ReplyContext | Sequence[str]) -> list[Finding]:
    """All findings of all checks on ``text``, by position (``context`` may be just the languages).

    An empty list means the reply is accepted. Findings are ordered by ``start`` then ``end`` so
    the seller reads them in the order they appear in the reply.
    """
    if not isinstance(context, ReplyContext):
        context = ReplyContext(languages=tuple(context))
    findings = [finding for check in CHECKS for finding in check(text, context)]
    findings.sort(key=lambda f: (f.start, f.end, f.rule, f.kind))
    return findings


def violations_of(findings: Iterable[Finding]) -> list[tuple[ViolationKind, str]]:
    """The violations a refused reply records: each violation kind found once, with its rule.

    Refusals that are not the seller's violation (none today) would simply not be listed.
    """
    seen: dict[ViolationKind, str] = {}
    for finding in findings:
        if finding.kind in ViolationKind.__members__.values() and ViolationKind(finding.kind) not in seen:
            seen[ViolationKind(finding.kind)] = finding.rule
    return list(seen.items())


_warm_cache()
