"""R2.1 off-platform contact: e-mail addresses, phone numbers, messenger and social handles, web addresses.

A seller reply may not hand the buyer a way to talk outside the helpdesk. This check finds:

- **e-mail addresses**, plain (``name@gmail.com``) and written out in the markets' languages
  (``name at gmail dot com``, ``name (at) gmail (dot) com``, ``[at]``, ``arobase``,
  ``chiocciola``, ``arroba``, ``małpa``, ``παπάκι``, ``punto``, ``punt``, ``punkt``, ``kropka``,
  ``piste``, ``prikk``, ``τελεία``, an ``@`` with spaces around it, ...). The domain must end in a
  real top-level domain (IANA list shipped with ``urlextract``).
- **phone numbers** in national or international form, with spaces, dots, dashes or brackets,
  also spelled out or with look-alike letters (``zéro six douze ...``, ``null eins fünf``,
  ``O6 l2 ...``). A normaliser maps those to digits and keeps a map back to the original text;
  ``phonenumbers.PhoneNumberMatcher`` at leniency ``VALID`` then decides, for the market's region
  (``STRICT_GROUPING`` for the other default markets' regions, so that an order reference that
  happens to be a valid US number in a French reply passes). The matcher only ever sees candidate
  digit runs of 7+ digits, never the whole reply.
- **messenger and social contact**: WhatsApp, Telegram, Signal, Viber, WeChat, Skype, Snapchat,
  Instagram, Facebook, X/Twitter, TikTok, LinkedIn *combined with* a handle (``@shop_phones``),
  a number, a link, a label (``telegram: shopguy``) or an invitation (``add me on WhatsApp``,
  ``contactez-moi sur WhatsApp``, ``schreib mir per WhatsApp``). A bare mention ("the phone
  supports WhatsApp") passes.
- **web addresses** (``urlextract``, offline) whose host is not on the allow-list (the
  platform's own domain and the carriers' tracking sites; a subdomain of an allowed domain is
  allowed).

Numbers that are not phone numbers pass: order numbers, IMEIs (15 digits, also spaced), tracking
numbers, prices, dates, times, part and model numbers, versions, file names. How:

- dates (``24/12/2026``, ``2026-12-24``, ``24.12.2026``) and prices (``129,99 €``, ``1 299 kr``)
  are blanked out before digit runs are read; ``14:30`` never joins a run;
- a run glued to letters is part of a code (``LA123456789FR``, ``#FR-2026-118273``, ``A2633``);
- a run of 14-16 digits in national form is an IMEI/IMEISV, a longer single block a tracking number;
- a run right after a reference word in any market language (order, commande, Bestellung, IMEI,
  suivi, Sendungsnummer, zamówienie, παραγγελία, ...) is that reference, unless written "+..."/"00...";
- in a region whose numbers start with a trunk "0" (FR, DE, GB, ...) a number written without it
  is not taken for a phone number; a single block of digits is read in the market's region only,
  and a neighbour's region must match all the digits with its own grouping.

Known limitations (deliberate, to keep false positives rare):

- two phone numbers separated by a single space only are one run that no region accepts (any
  comma, slash, spaced dash or double space separates them);
- a handle after a brand with no label, "@" or special character ("my telegram is shopguy") is
  not found ("my WhatsApp is broken" must pass); a bare "@handle" without any network name passes;
- written-out web addresses need "www" or the English "dot"/a bracketed dot ("phoneshop dot fr",
  "phoneshop[.]fr"); "phoneshop punkt de" or "phoneshop . fr" pass, as do IDN hosts ("café.fr");
- a bare host (no scheme, "www." or path) must end in a country code or a common shop TLD and not
  look like a sentence ("today.Best", "Merci.Il") or an abbreviation ("Org.nr", "Tel.no");
- spelled-out numbers: digits 0-9 in all market languages, 10-99 in fr (incl. BE/CH), en, de, nl,
  sv, es, it, pt; not in fi, el, pl; no "double six" or "plus trente-trois";
- national numbers of ES/PT/GR/PL/IT (no trunk "0") are 9-10 bare digits: an unlabelled 9-digit
  reference there can read as a phone number unless a reference word precedes it.

Every finding quotes the reply exactly (``finding.text == reply[finding.start:finding.end]``);
overlapping detections (``WhatsApp: 06 12 34 56 78``) are reported as one finding.

Pure: no I/O and no network at call time. The ``urlextract`` TLD list is read once at import from
the file shipped in the package (no cache directory, no lock file, no download, no DNS).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import idna
import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher
from urlextract import URLExtract

from rules.contract import Finding
from rules.kinds import ViolationKind
from rules.markets import DEFAULT_MARKETS
from rules.patterns import WORD_SEPARATOR, trie_pattern

if TYPE_CHECKING:  # no runtime import: rules.screening may import this module for its CHECKS
    from rules.screening import ReplyContext

__all__ = ["DEFAULT_ALLOWED_DOMAINS", "RULE_OFF_PLATFORM_CONTACT", "check_off_platform_contact"]

RULE_OFF_PLATFORM_CONTACT = "R2.1"
_KIND = ViolationKind.OFF_PLATFORM_CONTACT.value

DEFAULT_ALLOWED_DOMAINS: tuple[str, ...] = (
    # the platform itself
    "swapiphone.com",
    # international carriers
    "dhl.com",
    "ups.com",
    "fedex.com",
    "tnt.com",
    "dpd.com",
    "gls-group.eu",
    "gls-group.com",
    # FR
    "laposte.fr",
    "colissimo.fr",
    "chronopost.fr",
    "mondialrelay.fr",
    "colisprive.com",
    "dpd.fr",
    # DE, AT
    "dhl.de",
    "deutschepost.de",
    "myhermes.de",
    "hermesworld.com",
    "dpd.de",
    "gls-pakete.de",
    "post.at",
    "dpd.at",
    # BE, NL
    "bpost.be",
    "postnl.nl",
    "postnl.be",
    # ES, IT, PT
    "correos.es",
    "seur.com",
    "poste.it",
    "brt.it",
    "ctt.pt",
    # IE, GB, US
    "anpost.ie",
    "royalmail.com",
    "parcelforce.com",
    "evri.com",
    "dpd.co.uk",
    "usps.com",
    # SE, FI
    "postnord.se",
    "postnord.com",
    "posti.fi",
    # GR, PL
    "elta.gr",
    "elta-courier.gr",
    "acscourier.net",
    "inpost.pl",
    "poczta-polska.pl",
)
"""Web addresses that pass (R2.1): the platform's domain and the markets' carriers' tracking sites.

A host passes when it equals one of these or is a subdomain of one (``www.laposte.fr``).
``ReplyContext.allowed_domains`` replaces this list when it is not None.
"""

# ---------------------------------------------------------------------------------------------
# URL extraction, offline
# ---------------------------------------------------------------------------------------------


def _shipped_tlds() -> frozenset[str]:
    """The IANA TLD list shipped inside the ``urlextract`` package, as ".com", ".xn--..." and ".中国"."""
    data = resources.files("urlextract").joinpath("data", "tlds-alpha-by-domain.txt").read_text("utf-8")
    tlds: set[str] = set()
    for line in data.splitlines():
        tld = line.strip().lower()
        if not tld or tld.startswith("#"):
            continue
        tlds.add("." + tld)
        try:
            tlds.add("." + idna.decode(tld))
        except idna.IDNAError:  # pragma: no cover - the shipped list is valid
            pass
    return frozenset(tlds)


_TLDS_DOTTED = _shipped_tlds()
_TLDS = frozenset(tld[1:] for tld in _TLDS_DOTTED)


class _OfflineURLExtract(URLExtract):  # type: ignore[misc]  # urlextract has no type hints
    """``URLExtract`` that can only use the TLD list shipped in the package.

    The stock class, when constructed, looks for a writable cache directory (it may create one in
    the user's home), takes a file lock there and, through ``update()``/``update_when_older()``,
    downloads the IANA list; with ``check_dns=True`` it resolves host names. Here the list comes
    from :func:`_shipped_tlds` (read once at import), updates refuse, and ``check_dns`` is never
    passed.
    """

    def _get_cache_file_path(self) -> str:  # never a user cache dir, never makedirs
        return str(resources.files("urlextract").joinpath("data", "tlds-alpha-by-domain.txt"))

    def _load_cached_tlds(self) -> set[str]:  # no FileLock (it would create a .lock file)
        return set(_TLDS_DOTTED)

    def _download_tlds_list(self) -> bool:
        raise RuntimeError("rules.contact never downloads the TLD list")

    def update(self) -> bool:
        raise RuntimeError("rules.contact never downloads the TLD list")

    def update_when_older(self, days: int) -> bool:
        raise RuntimeError("rules.contact never downloads the TLD list")


_URL_EXTRACTOR = _OfflineURLExtract(extract_email=False, extract_localhost=False, cache_dns=False)

# Only whitespace-delimited chunks that could hold a URL go to urlextract (its TLD regex is slow on
# whole replies): a letter/digit, a dot, a letter (``shop.fr``), or a scheme (``http://1.2.3.4``).
_URL_HINT = re.compile(r"[^\W_]\.[^\W\d_]|://")
_SPACE = re.compile(r"\s")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*://", re.IGNORECASE)
_IPV4 = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")

# TLDs that a bare host (no scheme, no www., no path) may end in: country codes and the generic
# TLDs shops use. Others (".best", ".today", ".zip", ".mov", ...) are more often a missing space
# after a full stop or a file name than a web address when nothing else says "link".
_BARE_GENERIC_TLDS = frozenset(
    "com net org info biz eu app shop store online site website xyz club tech dev blog mobi pro asia".split()
)
# Country codes that end everyday abbreviations: "Org.nr", "Tel.no", "Art.nr", "Ref.no".
_ABBREVIATION_TLDS = frozenset({"nr", "no", "tel"})


def _host_of(url: str) -> tuple[str, bool]:
    """The lower-case host of ``url`` and whether the URL says "link" (scheme, www., path, port, query)."""
    rest = url
    scheme = _SCHEME.match(rest)
    if scheme:
        rest = rest[scheme.end() :]
    end = len(rest)
    for sep in "/?#":
        i = rest.find(sep)
        if i != -1:
            end = min(end, i)
    authority = rest[:end]
    has_more = end < len(rest)
    if "@" in authority:
        authority = authority.rsplit("@", 1)[1]
    host = authority
    if ":" in host and not host.startswith("["):
        host, _, port = host.partition(":")
        has_more = has_more or bool(port)
    host = host.strip(".").lower()
    explicit = bool(scheme) or host.startswith("www.") or has_more
    return host, explicit


def _is_allowed(host: str, allowed: frozenset[str]) -> bool:
    if not host:
        return False
    if host in allowed:
        return True
    parts = host.split(".")
    return any(".".join(parts[i:]) in allowed for i in range(1, len(parts)))


def _url_spans(text: str, allowed: frozenset[str]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(flagged, allowed) spans of web addresses in ``text``."""
    flagged: list[tuple[int, int]] = []
    passed: list[tuple[int, int]] = []
    pos = 0
    while True:
        hint = _URL_HINT.search(text, pos)
        if hint is None:
            break
        base = hint.start()
        while base > pos and not text[base - 1].isspace():
            base -= 1
        space = _SPACE.search(text, hint.end())
        pos = space.end() if space else len(text)
        chunk = text[base : space.start() if space else len(text)]
        try:
            found = _URL_EXTRACTOR.find_urls(chunk, get_indices=True)
        except Exception:  # noqa: BLE001 - a parser hiccup on odd input must not fail the screening
            continue
        for url, (start, end) in found:
            if chunk[start:end] != url:
                start = chunk.find(url)
                if start == -1:
                    continue
                end = start + len(url)
            host, explicit = _host_of(url)
            if not host:
                continue
            span = (base + start, base + end)
            if _is_allowed(host, allowed):
                passed.append(span)
                continue
            tld = host.rsplit(".", 1)[-1]
            if not explicit:
                if _IPV4.match(host):
                    continue  # "version 2.3.4.5"
                written_tld = url.rstrip("/").rsplit(".", 1)[-1]
                if written_tld[:1].isupper() and written_tld[1:].islower():
                    continue  # "today.Best regards": a full stop without its space
                if len(tld) != 2 and tld not in _BARE_GENERIC_TLDS and not tld.startswith("xn--") and tld.isascii():
                    continue  # "archive.zip", "video.mov"
                if tld in _ABBREVIATION_TLDS:
                    continue  # "Org.nr 556677-8899"
            flagged.append(span)
    return flagged, passed


# ---------------------------------------------------------------------------------------------
# Written-out e-mail addresses and web addresses
# ---------------------------------------------------------------------------------------------

_AT_WORDS = (
    "at",
    "arobase",
    "arobace",
    "arrobase",
    "arroba",
    "chiocciola",
    "chiocciolina",
    "apenstaartje",
    "apestaartje",
    "apenstaart",
    "at-teken",
    "klammeraffe",
    "affenschwanz",
    "affenohr",
    "ät",
    "snabel-a",
    "snabela",
    "kissanhäntä",
    "miukumauku",
    "at-merkki",
    "małpa",
    "malpa",
    "małpka",
    "malpka",
    "παπάκι",
    "παπακι",
    "at sign",
    "at-sign",
)
_DOT_WORDS = (
    "dot",
    "point",
    "punto",
    "punt",
    "punkt",
    "ponto",
    "piste",
    "prikk",
    "prick",
    "kropka",
    "τελεία",
    "τελεια",
    "τελίτσα",
)


def _words(words: Iterable[str]) -> str:
    forms = {w.lower() for w in words}
    return "|".join(re.escape(w).replace(r"\ ", " ").replace(" ", r"\s+") for w in sorted(forms, key=len, reverse=True))


_OPEN, _CLOSE = r"[(\[{<]", r"[)\]}>]"
# "@" itself; a bracketed at-word or "(a)"/"(@)"; a spaced at-word; "-at-", "_at_". Every branch
# starts with one character or class, so the scan over the reply skips most positions at once;
# the spaces around "@" or a bracket are taken afterwards (:func:`_spaced`).
_AT = re.compile(
    rf"""(?:
        [@＠]
      | {_OPEN}[ \t]*(?:{_words(_AT_WORDS)}|a|@)[ \t]*{_CLOSE}
      | [ \t](?:{_words(_AT_WORDS)})[ \t]
      | [-_*][ \t]*at[ \t]*[-_*]
    )""",
    re.VERBOSE,
)
_DOT_SPELLED = (
    rf"(?:[ \t]*{_OPEN}[ \t]*(?:{_words(_DOT_WORDS)}|\.)[ \t]*{_CLOSE}[ \t]*|[ \t]+(?:{_words(_DOT_WORDS)})[ \t]+)"
)
_DOT = re.compile(rf"(?:\.|[ \t]\.[ \t]|{_DOT_SPELLED})")
_DOT_ONLY_SPELLED = re.compile(_DOT_SPELLED)
_LABEL = re.compile(r"[^\W_](?:[\w\-]{0,62}[^\W_])?")
_LOCAL_BEFORE = re.compile(
    rf"(?:[\w+\-]+(?:\.|{_DOT_SPELLED}))*[\w+\-]*[^\W_]$",
)


def _spaced(text: str, start: int, end: int, most: int = 2) -> tuple[int, int]:
    """``[start, end)`` grown over at most ``most`` spaces or tabs on each side."""
    floor, ceiling = max(0, start - most), min(len(text), end + most)
    while start > floor and text[start - 1] in " \t":
        start -= 1
    while end < ceiling and text[end] in " \t":
        end += 1
    return start, end


def _domain_after(text: str, pos: int) -> int | None:
    """End of ``label(.label)*.tld`` starting at ``pos`` (dots plain or written out), or None.

    The last label kept is the last one that is a real TLD, so "gmail.com. Thanks" stops at "com".
    """
    labels: list[tuple[int, int]] = []
    while True:
        label = _LABEL.match(text, pos)
        if not label:
            break
        labels.append((label.start(), label.end()))
        dot = _DOT.match(text, label.end())
        if not dot:
            break
        pos = dot.end()
    for i in range(len(labels) - 1, 0, -1):
        start, end = labels[i]
        if text[start:end].lower() in _TLDS:
            return end
    return None


def _email_spans(text: str, allowed: frozenset[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for at in _AT.finditer(text):
        at_start, at_end = _spaced(text, *at.span())
        end = _domain_after(text, at_end)
        if end is None:
            continue
        local = _LOCAL_BEFORE.search(text, max(0, at_start - 96), at_start)
        if not local:
            continue
        start = local.start()
        host = _DOT.sub(".", text[at_end:end]).lower()
        if _is_allowed(host, allowed):
            continue  # support@swapiphone.com, the carrier's service address
        spans.append((start, end))
    return spans


# "www dot shop dot com", "www(.)shop(.)fr", "shop (dot) com", "phones4u dot de"
_SPELLED_WEB = re.compile(
    rf"(?<![\w.@])(?P<www>www)?(?(www){_DOT.pattern}|)[^\W_][\w\-]*(?:{_DOT.pattern}[^\W_][\w\-]*)+",
)
_BRACKETED_DOT = re.compile(rf"{_OPEN}[ \t]*(?:{_words(_DOT_WORDS)}|\.)[ \t]*{_CLOSE}")
_DOT_EN = re.compile(rf"{_OPEN}[ \t]*(?:{_words(_DOT_WORDS)}|\.)[ \t]*{_CLOSE}|(?<![^\W\d_])dot(?![^\W\d_])")


def _spelled_web_spans(text: str, allowed: frozenset[str]) -> list[tuple[int, int]]:
    """Web addresses with written-out dots: after "www", or with "dot"/"(dot)"/"(.)" and a real TLD.

    Plain "shop.fr" is urlextract's; "le point de vue" (French "point", TLD-looking "de") passes
    because only the English "dot" or a bracketed dot counts without a "www".
    """
    if "www" not in text and "dot" not in text and not _BRACKETED_DOT.search(text):
        return []
    spans: list[tuple[int, int]] = []
    for match in _SPELLED_WEB.finditer(text):
        written = match.group()
        separators = list(_DOT.finditer(written))
        if not any(_DOT_ONLY_SPELLED.fullmatch(sep.group()) for sep in separators):
            continue  # only plain dots: urlextract's job
        labels = [label for label in _DOT.split(written) if label]
        end_label = None
        for i in range(len(labels) - 1, 0, -1):
            if labels[i].lower() in _TLDS:
                end_label = i
                break
        if end_label is None:
            continue
        if not (match.group("www") or _DOT_EN.search(written)):
            continue
        # cut the match after the TLD label
        cut = 0
        for label in labels[: end_label + 1]:
            cut = written.index(label, cut) + len(label)
        host = ".".join(labels[: end_label + 1]).lower()
        if _is_allowed(host, allowed):
            continue
        spans.append((match.start(), match.start() + cut))
    return spans


# ---------------------------------------------------------------------------------------------
# Phone numbers: normaliser for spelled-out digits and look-alike letters
# ---------------------------------------------------------------------------------------------

# Digits 0-9 in every market language. A word that is also an everyday word (an article, "new",
# "you are", "due") is ambiguous: it counts only next to another spelled-out number.
_UNITS: dict[str, tuple[str, ...]] = {
    "0": ("zero", "zéro", "null", "nul", "cero", "noll", "nolla", "μηδέν", "μηδεν", "nought"),
    "1": ("one", "eins", "uno", "yksi", "jeden", "jedna", "jedno"),
    "2": (
        "two",
        "deux",
        "zwei",
        "zwo",
        "twee",
        "dos",
        "dois",
        "duas",
        "två",
        "tva",
        "kaksi",
        "δύο",
        "δυο",
        "dwa",
        "dwie",
    ),
    "3": ("three", "trois", "drei", "drie", "tres", "três", "tre", "kolme", "τρία", "τρια", "τρεις", "trzy"),
    "4": (
        "four",
        "quatre",
        "vier",
        "cuatro",
        "quattro",
        "quatro",
        "fyra",
        "neljä",
        "nelja",
        "τέσσερα",
        "τεσσερα",
        "cztery",
    ),
    "5": (
        "five",
        "cinq",
        "fünf",
        "fuenf",
        "funf",
        "vijf",
        "cinco",
        "cinque",
        "fem",
        "viisi",
        "πέντε",
        "πεντε",
        "pięć",
        "piec",
    ),
    "6": ("six", "sechs", "zes", "seis", "sex", "kuusi", "έξι", "εξι", "sześć", "szesc"),
    "7": (
        "seven",
        "sept",
        "sieben",
        "zeven",
        "siete",
        "sette",
        "sete",
        "sju",
        "seitsemän",
        "seitseman",
        "επτά",
        "εφτά",
        "επτα",
        "εφτα",
        "siedem",
    ),
    "8": (
        "eight",
        "huit",
        "acht",
        "ocho",
        "otto",
        "oito",
        "åtta",
        "atta",
        "kahdeksan",
        "οκτώ",
        "οχτώ",
        "οκτω",
        "οχτω",
        "osiem",
    ),
    "9": (
        "nine",
        "neun",
        "negen",
        "nueve",
        "nove",
        "nio",
        "yhdeksän",
        "yhdeksan",
        "εννέα",
        "εννιά",
        "εννεα",
        "εννια",
        "dziewięć",
        "dziewiec",
    ),
}
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
    for digit, words in _UNITS.items():
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
    for digit_words in (_UNITS, _AMBIGUOUS_UNITS):
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


# ---------------------------------------------------------------------------------------------
# Phone numbers: candidate runs and what is not a phone number
# ---------------------------------------------------------------------------------------------

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

_REFERENCE_KEYWORDS = (
    # en
    "order",
    "imei",
    "tracking",
    "track",
    "parcel",
    "package",
    "shipment",
    "consignment",
    "serial",
    "invoice",
    "reference",
    "ref",
    "ticket",
    "case",
    "model",
    "part",
    "sku",
    "item",
    "article",
    "transaction",
    "receipt",
    "waybill",
    "awb",
    "air waybill",
    "bill of lading",
    "return",
    "rma",
    "ean",
    "gtin",
    "upc",
    "barcode",
    "lot",
    "batch",
    "voucher",
    "coupon",
    "code",
    "vat",
    "iban",
    "bic",
    "registration",
    "ein",
    "abn",
    # fr
    "commande",
    "cde",
    "cmd",
    "suivi",
    "colis",
    "envoi",
    "facture",
    "référence",
    "réf",
    "série",
    "serie",
    "dossier",
    "reçu",
    "modèle",
    "modele",
    "pièce",
    "piece",
    "lettre de transport",
    "bordereau",
    "retour",
    "bon de retour",
    "bon de commande",
    "code barre",
    "code-barre",
    "siret",
    "siren",
    "tva",
    "rcs",
    # de
    "bestell",
    "auftrag",
    "sendung",
    "paket",
    "rechnung",
    "seriennummer",
    "referenz",
    "artikel",
    "vorgang",
    "kundennummer",
    "frachtbrief",
    "luftfrachtbrief",
    "rücksendung",
    "ruecksendung",
    "retoure",
    "ust",
    "idnr",
    "mwst",
    "steuernummer",
    "handelsregister",
    "hrb",
    "gutschein",
    # nl
    "bestelling",
    "bestelnummer",
    "zending",
    "pakket",
    "factuur",
    "serienummer",
    "referentie",
    "volgnummer",
    "vrachtbrief",
    "retour",
    "btw",
    "kvk",
    # es
    "pedido",
    "envío",
    "envio",
    "seguimiento",
    "paquete",
    "factura",
    "referencia",
    "artículo",
    "articulo",
    "albarán",
    "carta de porte",
    "guía",
    "guia",
    "devolución",
    "devolucion",
    "nif",
    "cif",
    # it
    "ordine",
    "spedizion",
    "tracciamento",
    "pacco",
    "fattura",
    "seriale",
    "riferimento",
    "articolo",
    "codice",
    "pratica",
    "lettera di vettura",
    "reso",
    "iva",
    "partita",
    "codice fiscale",
    # pt
    "encomenda",
    "rastreio",
    "rastreamento",
    "pacote",
    "fatura",
    "referência",
    "artigo",
    "devolução",
    "devolucao",
    "nipc",
    # sv
    "beställning",
    "bestallning",
    "försändelse",
    "forsandelse",
    "spårning",
    "sparning",
    "kolli",
    "faktura",
    "referens",
    "fraktsedel",
    "retur",
    "kvitto",
    "organisationsnummer",
    "org",
    # fi
    "tilau",
    "lähety",
    "lahety",
    "seuranta",
    "paketti",
    "lasku",
    "sarjanumero",
    "viite",
    "tuote",
    "rahtikirja",
    "palautu",
    "y-tunnus",
    "kuitti",
    # el
    "παραγγελ",
    "αποστολ",
    "δέμα",
    "δεμα",
    "τιμολόγ",
    "τιμολογ",
    "σειριακ",
    "κωδικ",
    "επιστροφ",
    "αφμ",
    "απόδειξ",
    # pl
    "zamówieni",
    "zamowieni",
    "przesyłk",
    "przesylk",
    "paczk",
    "faktur",
    "seryjn",
    "referencj",
    "śledzeni",
    "sledzeni",
    "przewozow",
    "zwrot",
    "nip",
    "regon",
    "krs",
    "paragon",
)
_CONNECTORS = (
    "no",
    "nr",
    "nro",
    "n°",
    "nº",
    "num",
    "number",
    "nummer",
    "numéro",
    "numero",
    "número",
    "numer",
    "αριθμός",
    "is",
    "est",
    "ist",
    "è",
    "es",
    "é",
    "är",
    "on",
    "jest",
    "είναι",
    "de",
    "du",
    "der",
    "des",
    "van",
    "del",
    "di",
    "da",
    "do",
    "od",
    "id",
    "code",
    "the",
    "your",
    "votre",
    "vos",
    "ihre",
    "ihrer",
    "uw",
    "je",
    "tu",
    "su",
    "la",
    "il",
    "le",
    "el",
    "seu",
    "sua",
    "din",
    "ditt",
    "er",
    "teidän",
    "sinun",
    "twoje",
    "twój",
    "σας",
    "του",
    "της",
    "our",
    "notre",
    "unsere",
    "onze",
    "nuestro",
    "nostro",
    "nosso",
    "vår",
    "vårt",
    "meidän",
    "nasz",
    "nasze",
    "με",
)
_REFERENCE_BEFORE = re.compile(
    rf"(?<![^\W\d_])(?:{_words(_REFERENCE_KEYWORDS)})[^\W\d_]*"
    rf"(?:[\s:#.°º\-–]+(?:{_words(_CONNECTORS)})(?![^\W\d_]))*[\s:#.°º\-–]*$",
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
    matches = list(pattern.finditer(text))
    if not matches:
        return text
    pieces = []
    pos = 0
    for m in matches:
        pieces.append(text[pos : m.start()])
        pieces.append("_" * (m.end() - m.start()))
        pos = m.end()
    pieces.append(text[pos:])
    return "".join(pieces)


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
    if (
        _CODE_BEFORE.search(scanned, max(0, start - 2), start)
        or (end < len(scanned) and _CODE_AFTER.match(scanned, end))
        or _CODE_TOKEN_BEFORE.search(scanned, max(0, start - 8), start)
    ):
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
    return [(start + s, start + e) for s, e in _phone_spans_in_run(written, regions)]


# ---------------------------------------------------------------------------------------------
# Messenger and social contact
# ---------------------------------------------------------------------------------------------

_FULL_BRANDS = (
    r"whats[\s\-]?app",
    "watsapp",
    "whatsap",
    "watsap",
    "telegram",
    "viber",
    r"we[\s\-]?chat",
    "weixin",
    "skype",
    "snapchat",
    "instagram",
    "facebook",
    "twitter",
    r"tik[\s\-]?tok",
    r"linked[\s\-]?in",
)
# Full names may carry a case ending: "WhatsAppissa" (fi), "Instagramie" (pl), "Telegramu".
_OTHER_BRANDS = ("insta", "signal", "微信", "ig", "fb", "snap", "messenger", "wa", "tg", "x")
# The scan has no group or assertion in front, so most positions fail on their first character;
# each hit is then checked for a word start and classified by _BRAND_KIND.
_BRAND_SCAN = re.compile(rf"(?:{'|'.join(_FULL_BRANDS)}|{'|'.join(_OTHER_BRANDS)})[^\W\d_]{{0,4}}(?![^\W\d_])")
_BRAND_KIND = re.compile(
    rf"(?P<full>(?:{'|'.join(_FULL_BRANDS)})(?P<suffix>[^\W\d_]{{0,4}}))"
    r"|(?P<short>insta|signal|微信)"
    r"|(?P<weak>ig|fb|snap|messenger|wa|tg)"
    r"|(?P<x>x)"
)


def _brands(text: str) -> Iterable[re.Match[str]]:
    """Each messenger or network name in ``text`` (lower case) that stands as a word."""
    for hit in _BRAND_SCAN.finditer(text):
        start = hit.start()
        if start and _is_letter(text[start - 1]):
            continue  # "wa" in "swap", "x" in "box"
        kind = _BRAND_KIND.fullmatch(text, start, hit.end())
        if kind:
            yield kind


_FINNISH_CASE = re.compile(r"i?(?:ss[aä]|ll[aä]|in|lle|st[aä]|hin|n)$")

_CONTACT_VERBS = (
    # en
    "add",
    "contact",
    "message",
    "msg",
    "text",
    "write",
    "reach",
    "call",
    "ping",
    "dm",
    "pm",
    "chat",
    "talk",
    "find",
    "follow",
    "send",
    "hit",
    "get",
    "join",
    "speak",
    # fr
    "écri",
    "ecri",
    "ajout",
    "appel",
    "envoi",
    "envoy",
    "rejoi",
    "suiv",
    "discut",
    "parl",
    "trouv",
    "joign",
    "retrouv",
    # de
    "schreib",
    "kontaktier",
    "meld",
    "ruf",
    "anruf",
    "füg",
    "fueg",
    "erreich",
    "folg",
    "chatt",
    "adde",
    # nl
    "stuur",
    "schrijf",
    "bel",
    "voeg",
    "app",
    "bericht",
    "vind",
    "volg",
    "bereik",
    # es
    "escrib",
    "escríb",
    "contáct",
    "llám",
    "llam",
    "agreg",
    "añad",
    "anad",
    "mand",
    "habl",
    "encuentr",
    "sígu",
    "sigu",
    "búsc",
    "busc",
    # it
    "scriv",
    "contatt",
    "chiam",
    "aggiung",
    "invi",
    "trov",
    "segu",
    "cerc",
    # pt
    "escrev",
    "lig",
    "adicion",
    "fal",
    "encontr",
    "procur",
    # sv
    "skriv",
    "kontakt",
    "ring",
    "lägg",
    "lagg",
    "skicka",
    "hitta",
    "följ",
    "folj",
    "nå",
    # fi
    "kirjoit",
    "soit",
    "lisää",
    "lisaa",
    "lähetä",
    "laheta",
    "löyd",
    "loyd",
    "seuraa",
    "viesti",
    "ota",
    # el
    "γράψ",
    "γραψ",
    "στείλ",
    "στειλ",
    "επικοινων",
    "πάρ",
    "παρ",
    "βρ",
    "ακολούθ",
    "ακολουθ",
    # pl
    "napisz",
    "pisz",
    "skontaktuj",
    "zadzwoń",
    "zadzwon",
    "dzwoń",
    "dzwon",
    "dodaj",
    "wyślij",
    "wyslij",
    "znajdź",
    "znajdz",
    "obserwuj",
)
_PRONOUNS = (
    "me",
    "us",
    "moi",
    "nous",
    "mich",
    "mir",
    "uns",
    "mij",
    "ons",
    "nos",
    "conmigo",
    "mi",
    "ci",
    "mig",
    "mej",
    "oss",
    "minuun",
    "minulle",
    "meihin",
    "meille",
    "minut",
    "μου",
    "μας",
    "με",
    "mnie",
    "mną",
    "mna",
    "nas",
    "nam",
    "m",  # French "m'écrire", "m'ajouter"
)
# Imperatives that invite contact on their own, without a pronoun ("Napisz na WhatsApp",
# "Écrivez sur WhatsApp"). English verbs are not here: "text", "call", "message" are also nouns
# ("video calls on WhatsApp work fine"), so English needs "me"/"us".
_IMPERATIVES = frozenset(
    (
        "écrivez",
        "ecrivez",
        "écris",
        "ecris",
        "contactez",
        "appelez",
        "ajoutez",
        "rejoignez",
        "suivez",
        "schreib",
        "schreibt",
        "ruf",
        "kontaktiere",
        "kontaktieren",
        "stuur",
        "schrijf",
        "bel",
        "escribe",
        "escriba",
        "escribid",
        "llama",
        "llame",
        "contacta",
        "contacte",
        "agrega",
        "añade",
        "scrivi",
        "scrivete",
        "contatta",
        "contattate",
        "chiama",
        "chiamate",
        "aggiungi",
        "escreve",
        "escreva",
        "liga",
        "ligue",
        "adiciona",
        "adicione",
        "manda",
        "mande",
        "skriv",
        "ring",
        "kontakta",
        "skicka",
        "lägg",
        "kirjoita",
        "soita",
        "ota",
        "lähetä",
        "laheta",
        "lisää",
        "στείλε",
        "στειλε",
        "στείλτε",
        "στειλτε",
        "γράψε",
        "γραψε",
        "γράψτε",
        "γραψτε",
        "επικοινωνήστε",
        "επικοινωνηστε",
        "πάρε",
        "παρε",
        "πάρτε",
        "παρτε",
        "napisz",
        "napiszcie",
        "zadzwoń",
        "zadzwon",
        "skontaktuj",
        "dodaj",
        "wyślij",
        "wyslij",
    )
)
_CLITIC_ENDINGS = ("me", "mi", "ci", "nos", "nous", "noi")
_PREPOSITIONS = (
    "on",
    "via",
    "through",
    "over",
    "by",
    "at",
    "in",
    "sur",
    "par",
    "en",
    "auf",
    "über",
    "ueber",
    "per",
    "bei",
    "op",
    "su",
    "tramite",
    "por",
    "a través de",
    "mediante",
    "no",
    "na",
    "pelo",
    "pela",
    "em",
    "på",
    "över",
    "genom",
    "i",
    "kautta",
    "στο",
    "στον",
    "στη",
    "μέσω",
    "μεσω",
    "σε",
    "przez",
    "w",
    "po",
    "z",
)
_POSSESSIVES = (
    "my",
    "our",
    "the",
    "mon",
    "ma",
    "notre",
    "le",
    "la",
    "mein",
    "meinem",
    "meine",
    "meinen",
    "unser",
    "unserem",
    "dem",
    "den",
    "mijn",
    "onze",
    "het",
    "de",
    "mi",
    "nuestro",
    "el",
    "il",
    "mio",
    "lo",
    "meu",
    "o",
    "a",
    "min",
    "mitt",
    "vår",
    "minun",
    "το",
    "mój",
    "moim",
    "moje",
    "nasz",
    "naszym",
)
_BEFORE_CONTACT = re.compile(
    rf"(?<![^\W\d_])(?:(?:{_words(_CONTACT_VERBS)})[^\W\d_]*|(?:{_words(_PRONOUNS)}))(?![^\W\d_])"
    rf"(?:[\s\-'’]+[^\W\d_]+){{0,3}}?[\s\-'’]+(?:{_words(_PREPOSITIONS)})[\s'’]+"
    rf"(?:(?:{_words(_POSSESSIVES)})[\s'’]+){{0,2}}$",
)
_BEFORE_CONTACT_NO_PREP = re.compile(  # Finnish: "kirjoita minulle WhatsAppissa"
    rf"(?<![^\W\d_])(?:(?:{_words(_CONTACT_VERBS)})[^\W\d_]*|(?:{_words(_PRONOUNS)}))(?![^\W\d_])"
    rf"(?:[\s\-'’]+[^\W\d_]+){{0,3}}?[\s\-'’]+$",
)
_HANDLE_BEFORE = re.compile(rf"@[\w.]{{2,30}}\s+(?:{_words(_PREPOSITIONS)})\s+(?:(?:{_words(_POSSESSIVES)})\s+)?$")
# A strong name and a handle in the same clause: "Op X (Twitter) kun je ons vinden als @Shop".
_CLAUSE_HANDLE_AFTER = re.compile(r"[^.!?;\n@＠]{0,60}?(?<![\w.])[@＠][\w.]{0,30}\w")
_CLAUSE_HANDLE_BEFORE = re.compile(r"(?<![\w.])[@＠][\w.]{0,30}\w[^.!?;\n@＠]{0,60}$")
_ME_AFTER = re.compile(r"[ \t]+(?:me|us)(?![^\W\d_])")

_COPULAS = ("is", "est", "ist", "è", "e", "es", "é", "är", "on", "jest", "είναι", "er", "zijn", "to")
_FILLERS = _COPULAS + (
    "number",
    "no",
    "nr",
    "n°",
    "nº",
    "nummer",
    "numéro",
    "numero",
    "número",
    "numer",
    "αριθμός",
    "id",
    "username",
    "user",
    "name",
    "handle",
    "nick",
    "pseudo",
    "nom",
    "account",
    "compte",
    "konto",
    "utente",
    "usuario",
    "usuário",
    "användare",
    "käyttäjä",
    "käyttäjätunnus",
    "nazwa",
    "profil",
    "profile",
    "profilo",
    "perfil",
    "at",
    "au",
    "sous",
    "unter",
    "al",
    "op",
    "på",
    "na",
    "pod",
    "στο",
    "an",
    "a",
    "here",
    "ici",
    "hier",
    "qui",
    "aquí",
    "aqui",
    "här",
    "tässä",
    "tutaj",
    "εδώ",
    "me",
    "us",
    "my",
    "our",
    "mon",
    "ma",
    "notre",
    "mein",
    "meine",
    "unser",
    "mijn",
    "mi",
    "mio",
    "meu",
    "min",
    "mitt",
    "mój",
    "moje",
    "μου",
    "le",
    "el",
    "il",
    "de",
    "du",
    "di",
    "do",
)
_AFTER_PREFIX = re.compile(
    rf"(?P<sep>(?:[ \t]*(?:[:=(]|[-–—](?=[ \t])|(?<!\w)(?:{_words(_FILLERS)})(?![\w.@\-]))[ \t]*|[ \t]+){{0,6}})",
)
_LABEL_SEPARATOR = re.compile(r"[:=]|[ \t][-–—][ \t]")
_COPULA_RE = re.compile(rf"(?<![^\W\d_])(?:{_words(_COPULAS)})(?![^\W\d_])")
_AT_HANDLE = re.compile(r"[@＠][\w.]{1,30}\w")
_HANDLE_WORD = re.compile(r"[^\W_][\w.\-]{1,30}[\w]")
_HANDLE_END = re.compile(
    r"[ \t]*(?:$|[\n,;!?)\]]|\.(?:\s|$)|(?:or|ou|oder|of|eller|tai|ή|lub|and|et|und|y|en|och|ja|και)(?![^\W\d_]))",
)
_NOT_HANDLES = frozenset(
    "yes no ok okay oui non ja nein sì si sí não nao nej kyllä ei ναι όχι tak nie works supported compatible "
    "installed included available fine compatible compatibile compatibel kompatibel disponible disponibile "
    "verfügbar inclus inclusa incluido installé installato instalado ok.".split()
)
_DIGITS_AFTER = re.compile(r"\+?[(\d][\d \t.\-/()]{4,}\d")


_PRONOUN_SET = frozenset(p.casefold() for p in _PRONOUNS)
_VERB_STEMS = tuple(v.casefold() for v in _CONTACT_VERBS)
_TOKEN = re.compile(r"[^\W\d_]+")


def _invites(lead: str) -> bool:
    """Whether the words before a brand invite the buyer to make contact: a pronoun ("add *me* on"),
    a verb with its pronoun attached ("scrivi*mi* su", "escríbe*me* por") or an imperative."""
    for token in _TOKEN.findall(lead.casefold()):
        if token in _PRONOUN_SET or token in _IMPERATIVES:
            return True
        if token.endswith(_CLITIC_ENDINGS) and token.startswith(_VERB_STEMS):
            return True
    return False


def _messenger_spans(text: str, anchors: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for brand in _brands(text):
        bs, be = brand.span()
        strong = bool(brand.group("full") or brand.group("short"))
        is_signal = (brand.group("short") or "").lower() == "signal"
        start, end = None, None

        # 1. what follows: a handle, a number, a labelled name, "me"
        prefix = _AFTER_PREFIX.match(text, be)
        after = prefix.end() if prefix else be
        separator = text[be:after]
        at_handle = _AT_HANDLE.match(text, after)
        if at_handle and after - be <= 40:
            end = at_handle.end()
        elif brand.group("x"):
            pass  # "X" only with an @handle: "iPhone X: 256 GB" passes
        else:
            digits = _DIGITS_AFTER.match(text, after)
            if digits and sum(map(str.isdigit, digits.group())) >= 6:
                end = digits.end()
            for ps, pe in anchors:  # a phone number or a link right after the name
                if be <= ps <= after + 1:
                    end = max(end or pe, pe)
            if end is None:
                word = _HANDLE_WORD.match(text, after)
                if word and word.group().lower() not in _NOT_HANDLES and _HANDLE_END.match(text, word.end()):
                    handle = word.group()
                    labelled = bool(_LABEL_SEPARATOR.search(separator))
                    special = any(c in handle for c in "_.") or any(c.isdigit() for c in handle)
                    copula = bool(_COPULA_RE.search(separator)) and not is_signal
                    if (labelled and (strong or special)) or (copula and special):
                        end = word.end()
            if end is None and strong and not is_signal:
                me = _ME_AFTER.match(text, be)
                if me and brand.group("full"):
                    end = me.end()

        # 2. what comes before: an invitation ("add me on", "contactez-moi sur") or a handle;
        #    an invitation names even a short name ("follow us on X", "ajoute-moi sur Snap")
        window_start = max(0, bs - 80)
        lead = _BEFORE_CONTACT.search(text, window_start, bs)
        if not lead and brand.group("suffix") and _FINNISH_CASE.search(brand.group("suffix")):
            lead = _BEFORE_CONTACT_NO_PREP.search(text, window_start, bs)
        if lead and _invites(lead.group()):
            start = lead.start()
        handle_before = _HANDLE_BEFORE.search(text, max(0, bs - 60), bs)
        if handle_before:
            start = handle_before.start() if start is None else min(start, handle_before.start())
        if strong and start is None and end is None:
            clause_after = _CLAUSE_HANDLE_AFTER.match(text, be)
            if clause_after:
                end = clause_after.end()
            else:
                clause_before = _CLAUSE_HANDLE_BEFORE.search(text, max(0, bs - 100), bs)
                if clause_before:
                    start = clause_before.start()

        if start is None and end is None:
            continue
        spans.append((bs if start is None else start, be if end is None else max(end, be)))
    return spans


# ---------------------------------------------------------------------------------------------
# The check
# ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _allowed_set(domains: tuple[str, ...] | None) -> frozenset[str]:
    source = DEFAULT_ALLOWED_DOMAINS if domains is None else domains
    cleaned = set()
    for domain in source:
        domain = domain.strip().strip(".").lower()
        if "://" in domain:
            domain = domain.split("://", 1)[1]
        domain = domain.split("/", 1)[0]
        if domain.startswith("www."):
            domain = domain[4:]
        if domain:
            cleaned.add(domain)
    return frozenset(cleaned)


def _merge(spans: Iterable[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Overlapping spans as one; each trimmed of surrounding white space."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _lowered(text: str) -> str:
    """``text`` in lower case, position for position: every scanner but the look-alike one reads this.

    A character whose lower case is longer ("İ") is kept as it is, so offsets never shift.
    """
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(char if len(lower := char.lower()) != 1 else lower for char in text)


def _inside(span: tuple[int, int], containers: Sequence[tuple[int, int]]) -> bool:
    return any(cs <= span[0] and span[1] <= ce for cs, ce in containers)


def check_off_platform_contact(text: str, context: ReplyContext) -> list[Finding]:
    """R2.1 ``off_platform_contact``: every way to reach the seller outside the helpdesk, as written.

    ``context.market`` is the region phone numbers are read in (neighbouring default markets are
    read too, with stricter grouping); ``context.allowed_domains`` replaces
    :data:`DEFAULT_ALLOWED_DOMAINS` when not None. Findings are ordered by position and never
    overlap; each quotes the reply exactly.
    """
    if not text or text.isspace():
        return []
    low = _lowered(text)
    allowed_domains = getattr(context, "allowed_domains", None)
    allowed = _allowed_set(tuple(allowed_domains) if allowed_domains is not None else None)
    market = getattr(context, "market", "") or ""

    url_spans, allowed_spans = _url_spans(text, allowed)
    phones = [span for span in _phone_spans(text, low, market) if not _inside(span, allowed_spans)]
    spans: list[tuple[int, int]] = [*url_spans, *phones]
    spans.extend(span for span in _email_spans(low, allowed) if not _inside(span, allowed_spans))
    spans.extend(span for span in _spelled_web_spans(low, allowed) if not _inside(span, allowed_spans))
    spans.extend(span for span in _messenger_spans(low, [*phones, *url_spans]) if not _inside(span, allowed_spans))

    return [
        Finding(rule=RULE_OFF_PLATFORM_CONTACT, kind=_KIND, text=text[start:end], start=start, end=end)
        for start, end in _merge(spans, text)
    ]
