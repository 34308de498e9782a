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
  allowed), and links that open a messenger or a call (``whatsapp://``, ``viber://``, ``tg://``,
  ``sgnl://``, ``skype:``, ``tel:+…``) or are Skype ids (``live:.cid.…``).

Against sellers who hide a contact detail on purpose (issue 21), the reply is read as it looks:

- ``unicode``: full-width, mathematical, circled and keycap characters, invisible characters,
  stray combining marks, Cyrillic/Greek look-alikes inside Latin words and symbols between digit
  groups folded away, with a map back to what was written;
- ``spacing``: letter-spaced runs (``n i c o @ g m x . d e``, ``t-h-o-m-a-s``, ``g / s / m``,
  ``g.a.r.a.n.t.i.e@l.a.p.o.s.t.e.n.e.t``) closed up and read a second time with the rules for
  evasive writing (a dot in any market language, a domain whose last dot was hidden in a run); a finding
  of that reading must stand on a run of four characters or more;
- ``split_numbers``: a phone number given in pieces across words, sentences, lines, an aside in
  brackets or end first, joined and judged by ``phonenumbers``;
- ``number_words``: numbers in words in every market language, tens and hundreds, "double"/
  "triple", "plus" before a country code, Greeklish digits;
- ``emails``: at-words, dot-words and underscore-words of every market language, between commas
  too (``mario punto tecnico, arroba, hotmail punto es``), ``chez … point fr``;
- ``handles``: network names in their inflected, slang and Greek-script forms (``Instassa``,
  ``na Telegramie``, ``Βάιμπερ``, ``wasap``), handle-shaped words in prose near them, page names
  after a search verb.

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

Known limitations (deliberate, to keep false positives rare; the evasion corpora measure the rest):

- two phone numbers separated by a single space only are one run that no region accepts (any
  comma, slash, spaced dash or double space separates them);
- a handle in prose counts only with "_" or an inner "." between letters, and a one-dot handle
  only when introduced as a name ("als", "I'm", "jestem", "ως", …) or right after a network's
  name; a plain word ("my telegram is shopguy"), letters with digits ("phones4u") or words run
  together after a missing space ("happy.thanks") pass; a bare "@handle" without any network
  name passes;
- capitals are lost, so an unquoted page name is read only after "as/como/unter/jako/ως" or
  between a search verb and "on <network>", up to five words, and a name holding a word of the
  app's settings ("Accounts Center", "Espace comptes", "Centrum kont") is a setting, not a page;
  slang outside the lists ("Tele" in Italian, Swedish "Instan", which is also a Spanish verb) passes;
- an invitation needs a contact verb: in the words before the name ("add me on", "scrivimi su",
  "Schreiben Sie uns gern auch auf") or, in German and Dutch, an infinitive ending the clause after
  it ("… auf WhatsApp schreiben"); "me/us … on <network>" alone is an experience and passes ("Same
  thing happens to me on WhatsApp", "Nous avons vérifié sur WhatsApp"), as do verbs outside the
  lists and the words of an advert or the past ("found us on", "gesehen"). An imperative without
  "me/us" invites only with nothing but prepositions, articles, adverbs or a message before the
  name ("Stuur gerust een bericht via WhatsApp"), so "appelez un proche sur WhatsApp" passes;
  "WhatsApp me" / "app ons" need the end of the clause or an invitation's word after them
  ("WhatsApp me the photos"), so "A mí WhatsApp me funciona" and "TikTok US content" pass;
- a word after "WhatsApp:" is no handle when it is an answer or a status ("ok", "removed",
  "gelöscht"), a version ("2.24.6"), another network's name or an item of a dash list;
- written-out web addresses need "www", the English "dot", a bracketed dot, a written-out slash
  after them or a messenger's link host ("wa point me"); "phoneshop punkt de" passes unless it was
  letter-spaced, as do IDN hosts ("café.fr"); after a spoken "dot", a TLD that is an English word
  ("in", "at", "is", "it") needs the end of the clause ("a white dot in the middle" passes, so does
  "phonefix dot it for more");
- a bare host (no scheme, "www." or path) must end in a country code or a common shop TLD and not
  look like a sentence ("today.Best", "Thanks.PS") or an abbreviation ("Org.nr", "Tel.no", "m.in.",
  "C.so": one letter before a country code); an e-mail address whose one dot stands between a
  lower-case word and a capitalised one is a missing space ("at noon.Best", "tod@s.Es"), so
  "name@shop.Fr" passes;
- spelled-out numbers: digits, tens and hundreds in all market languages, "double"/"triple"/
  "dois zeros", "plus" before a spelled country code and Greeklish digits (in a run of three or
  more); not thousands, Greeklish tens or hundreds, or "plus" before written digits. A bare
  "cent"/"hundred"/"sto" counts only with the rest of a number, and a number right before a
  currency or unit word ("three hundred euros", "sześćset złotych") stays words;
- a phone number given in pieces is joined only across short gaps (five words, an aside in
  brackets), forwards, end first, or in any order of three pieces when a word says where each
  goes; a piece followed by an ordinary word, or spelled out, passes;
- national numbers of ES/PT/GR/PL/IT/US (no trunk "0") are 9-10 bare digits: an unlabelled
  9-digit reference there, or a list of small numbers with no label before it, can read as a
  phone number unless a reference word precedes it;
- a list of numbers a few words after the label of a list or in the clause a colon ends (orders,
  tickets, products, prices, versions, charge cycles, battery health, lots, units: "Pedidos
  pendientes: 612, 938, 475", "Ciclos de carga de los tres: 612, 340, 415") is that list, so a
  number given as such a list after such a label passes unless a phone word stands between ("…,
  voici mon numéro : 06, 12, …"); four numbers or more counting up one by one ("Photos 2, 3, 4, 5,
  6") are a count, never a phone number.

Every finding quotes the reply exactly (``finding.text == reply[finding.start:finding.end]``);
overlapping detections (``WhatsApp: 06 12 34 56 78``) are reported as one finding.

Pure: no I/O and no network at call time. The ``urlextract`` TLD list is read once at import from
the file shipped in the package (no cache directory, no lock file, no download, no DNS).

The modules, one job each; the check that joins them is here:

- how the reply is read: ``unicode`` (folded as it looks), ``spacing`` (letter-spaced runs closed up);
- web addresses and links: ``urls``; e-mail and web addresses in words: ``emails``;
- phone numbers: ``phones`` (digit runs judged by ``phonenumbers``), ``split_numbers`` (pieces
  joined), ``number_words`` (numbers in words read as digits, with the tables of
  ``number_tables`` built from the words of ``spelled_words``, and the price and unit words of
  ``quantity_words``), ``phone_words`` (reference and connector words), ``number_labels`` (a list
  of numbers after its label is that list);
- messengers and networks: ``brands`` (the scan of their names), ``handles`` (the words next to a
  name, and the join), ``prose_handles`` (a handle written into the sentence), ``page_names``
  (pages to look up, "find us"), with their words in ``network_names`` (the names),
  ``contact_verbs`` and ``invitation_words`` (an invitation before a name), ``handle_words`` (a
  handle or a label after it), ``prose_handle_words`` and ``page_name_words``.
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
from rules.screening.contact.spacing import close_up
from rules.screening.contact.split_numbers import _split_phone_spans
from rules.screening.contact.unicode import fold, original_span
from rules.screening.contact.urls import _app_link_spans, _url_spans

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
    "relaiscolis.com",
    # DE, AT
    "dhl.de",
    "deutschepost.de",
    "myhermes.de",
    "hermesworld.com",
    "dpd.de",
    "gls-pakete.de",
    "post.at",
    "dpd.at",
    "dhl.at",
    # BE, NL
    "bpost.be",
    "dpd.be",
    "postnl.nl",
    "postnl.be",
    "dhlparcel.nl",
    # ES, IT, PT
    "correos.es",
    "correosexpress.com",
    "seur.com",
    "poste.it",
    "brt.it",
    "gls-italy.com",
    "ctt.pt",
    "dpd.pt",
    # IE, GB, US
    "anpost.ie",
    "dpd.ie",
    "royalmail.com",
    "parcelforce.com",
    "evri.com",
    "dpd.co.uk",
    "yodel.co.uk",
    "usps.com",
    # SE, FI
    "postnord.se",
    "postnord.com",
    "instabox.se",
    "budbee.com",
    "posti.fi",
    "matkahuolto.fi",
    # GR, PL
    "elta.gr",
    "elta-courier.gr",
    "acscourier.net",
    "boxnow.gr",
    "inpost.pl",
    "poczta-polska.pl",
    "dpd.com.pl",
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
    seen, origin = folded if folded is not None else (text, None)
    spans = _contact_spans(seen, context)
    closed = close_up(seen)  # issue 21: "n i c o @ g m x . d e" read closed up
    if closed is not None:
        spans.extend(
            original_span(span, closed.origin, len(seen))
            for span in _contact_spans(closed.text, context, runs=closed.long_runs)
            if any(span[0] < run_end and run_start < span[1] for run_start, run_end in closed.long_runs)
        )
    if origin is not None:
        spans = [original_span(span, origin, len(text)) for span in spans]
    return [
        Finding(rule=RULE_OFF_PLATFORM_CONTACT, kind=_KIND, text=text[start:end], start=start, end=end)
        for start, end in _merge(spans, text)
    ]


def _contact_spans(text: str, context: ReplyContext, *, runs: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Spans of contact details in ``text``; ``runs``, the spaced-out runs of a reply closed up
    (``spacing``), read it as a reply already caught hiding one: a dot written out in any market
    language ends a web address, and a domain whose last dot was hidden ("gmailcom") inside a run
    is still a domain."""
    low = _lowered(text)
    allowed_domains = getattr(context, "allowed_domains", None)
    allowed = _allowed_set(tuple(allowed_domains) if allowed_domains is not None else None)
    market = getattr(context, "market", "") or ""

    url_spans, allowed_spans = _url_spans(text, allowed)
    url_spans.extend(_app_link_spans(low))

    def not_allowed(found: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        """What lies outside an allowed address ("support@laposte.fr", a carrier's tracking link)."""
        return [span for span in found if not _inside(span, allowed_spans)]

    phones = not_allowed([*_phone_spans(text, low, market), *_split_phone_spans(text, low, market)])
    return [
        *url_spans,
        *phones,
        *not_allowed(
            [
                *_email_spans(text, low, allowed, runs=runs),
                *_spelled_web_spans(low, allowed, evasive=bool(runs)),
                *_messenger_spans(low, [*phones, *url_spans]),  # the phones and links next to a name
            ]
        ),
    ]
