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

One module per kind of contact detail: ``urls``, ``emails`` (written out), ``number_words``
(the normaliser of spelled digits), ``phones``, ``handles``; the check that joins them is here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from rules.findings import Finding
from rules.kinds import ViolationKind
from rules.screening.contact.emails import _email_spans, _spelled_web_spans
from rules.screening.contact.handles import _messenger_spans
from rules.screening.contact.phones import _phone_spans
from rules.screening.contact.unicode import fold, original_span
from rules.screening.contact.urls import _url_spans

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
    folded = fold(text)  # issue 21: read what it looks like, quote what was written
    if folded is None:
        spans = _contact_spans(text, context)
    else:
        seen, origin = folded
        spans = [original_span(span, origin, len(text)) for span in _contact_spans(seen, context)]
    return [
        Finding(rule=RULE_OFF_PLATFORM_CONTACT, kind=_KIND, text=text[start:end], start=start, end=end)
        for start, end in _merge(spans, text)
    ]


def _contact_spans(text: str, context: ReplyContext) -> list[tuple[int, int]]:
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
    return spans
