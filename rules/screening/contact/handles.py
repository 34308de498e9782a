"""R2.1: messenger and social contact: a network's name with a handle, a number, a link, a label or an invitation in the market's language.

A name alone passes ("the phone supports WhatsApp", "my WhatsApp is broken"); so does an ordinary
word that happens to be a name ("le signal est faible", "snap-on case", "messenger bag", "iPhone X").
What makes a name contact is what stands next to it:

- after it: an ``@handle``, a number or a link, a label ("telegram: shopguy"), a copula and a
  handle-shaped word ("my Skype is shop.phones"), "me" ("WhatsApp me", "snap me", "app me");
- before it: an invitation, with a contact verb ("add me on", "contactez-moi sur", "Lisää minut
  Snäpissä"; not "Same thing happens to me on WhatsApp") or an @handle;
- in the same sentence (issue 21: handles in prose, ``prose_handles``): a handle-shaped word, that
  is one with "_" or an inner "." between letters ("reco.iphone.bordeaux", "nico_reparphone"),
  introduced as a name ("Bei TikTok bin ich der ...", "Στο Ίνστα μας βρίσκετε ως ...", "I'm ... on
  TikTok"); (``page_names``) a network followed by "find us" ("Auf Insta findest du uns"); a search
  invitation with a page name ("Sök upp Mobilhörnan Luleå på Facebook", "Search for 'Mobile Medics
  Cork' on Facebook").

Names are read in their inflected and local forms (``brands``): Finnish and Polish case endings
("Telegramissa", "na Skypie", "Viberze"), Greek script with or without accents ("Τέλεγκραμ",
"Βάτσαπ", "Φέισμπουκ"), "Telegramm", "Télégram", "wasap", "guasap", "wacap", "Wätsäp", "Fejs", "the
gram". The reply comes lower-cased (capitals are lost), so page names are found by the words around
them (quotes, "as", "como", "unter", "jako", "ως"), never by their capital letters.

This module reads the words right next to a name and joins every module's findings for a name
(``_messenger_spans``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rules.screening.contact.brands import _TOKEN, _WORDS_AFTER, Span, _Brand, _brands
from rules.screening.contact.contact_verbs import (
    CLITIC_ENDINGS,
    CONTACT_VERB_WORDS,
    CONTACT_VERBS,
    IMPERATIVE_COMPLEMENTS,
    IMPERATIVES,
)
from rules.screening.contact.emails import _words
from rules.screening.contact.handle_words import (
    ARTICLES,
    COPULAS,
    FILLERS,
    NOT_HANDLES,
    PACKAGE_PREFIXES,
    SELF_AFTER,
    SELF_INVITATION_FOLLOWERS,
)
from rules.screening.contact.invitation_words import (
    AD_STEMS,
    AD_WORDS,
    PAST_DISCOVERY,
    POSSESSIVES,
    PREPOSITIONS,
    PRONOUNS,
)
from rules.screening.contact.number_words import _is_letter
from rules.screening.contact.page_names import _find_us_after, _page_spans
from rules.screening.contact.prose_handles import _prose_handle

# -- an invitation before the name ----------------------------------------------------------------------

_FINNISH_CASE = re.compile(r"i?(?:ss[aä]|ll[aä]|in|lle|st[aä]|hin|n)$")

_BEFORE_CONTACT = re.compile(
    rf"(?<![^\W\d_])(?:(?:{_words(CONTACT_VERBS)})[^\W\d_]*|(?:{_words(PRONOUNS)}))(?![^\W\d_])"
    rf"(?:[\s\-'’]+[^\W\d_]+){{0,3}}?[\s\-'’]+(?:{_words(PREPOSITIONS)})[\s'’]+"
    rf"(?:(?:{_words(POSSESSIVES)})[\s'’]+){{0,2}}$",
)

_BEFORE_CONTACT_NO_PREP = re.compile(  # Finnish: "kirjoita minulle WhatsAppissa"
    rf"(?<![^\W\d_])(?:(?:{_words(CONTACT_VERBS)})[^\W\d_]*|(?:{_words(PRONOUNS)}))(?![^\W\d_])"
    rf"(?:[\s\-'’]+[^\W\d_]+){{0,3}}?[\s\-'’]+$",
)

_HANDLE_BEFORE = re.compile(rf"@[\w.]{{2,30}}\s+(?:{_words(PREPOSITIONS)})\s+(?:(?:{_words(POSSESSIVES)})\s+)?$")

_AD = re.compile(rf"(?<![^\W\d_])(?:(?:{_words(AD_WORDS)})(?![^\W\d_])|(?:{_words(AD_STEMS)}))")

_AD_AFTER = re.compile(rf"[ \t\-]+(?:(?:{_words(AD_WORDS)})(?![^\W\d_])|(?:{_words(AD_STEMS)}))")

_PAST_DISCOVERY = re.compile(rf"(?<![^\W\d_])(?:{_words(PAST_DISCOVERY)})(?![^\W\d_])")

_IMPERATIVE_SET = frozenset(IMPERATIVES)

_PRONOUN_SET = frozenset(p.casefold() for p in PRONOUNS)

_VERB_STEMS = tuple(v.casefold() for v in CONTACT_VERBS)

_VERB_WORDS = frozenset(CONTACT_VERB_WORDS)

# What may follow an imperative up to the name: the words of the prepositions ("a través de"),
# possessives and articles, an adverb, a message ("Stuur gerust een bericht via").
_IMPERATIVE_PARTICLES = (
    frozenset(word for phrase in (*PREPOSITIONS, *POSSESSIVES) for word in phrase.split()) | IMPERATIVE_COMPLEMENTS
)

_VERB_REACH = 5
"""How many words before an invitation's lead its contact verb may stand ("Schreiben Sie *uns* gern
auch auf WhatsApp": the lead starts at "uns")."""

_SENTENCE_END = re.compile(r"[.!?\n]")

# A German or Dutch infinitive that ends the clause right after the name: "Sie können uns gerne auf
# WhatsApp schreiben", "U kunt ons via WhatsApp bereiken" (the verb comes last).
_INFINITIVE_AFTER = re.compile(r"[ \t]+([^\W\d_]+en)[ \t]*(?:$|[\n.,;!?)])")


def _is_contact_verb(token: str) -> bool:
    """Whether ``token`` (lower case) is a form of a contact verb ("schreiben", "llámame", "napisz", "look")."""
    return (token.startswith(_VERB_STEMS) and token not in _PRONOUN_SET) or token in _VERB_WORDS


def _has_clitic(token: str) -> bool:
    """A contact verb with its pronoun attached ("scrivi*mi*", "escríbe*me*", "mánda*me*"), not a
    listed imperative that merely ends so ("llame")."""
    return token.endswith(CLITIC_ENDINGS) and token not in _IMPERATIVE_SET and token.startswith(_VERB_STEMS)


def _contact_verb_near(text: str, lead_start: int, brand: _Brand) -> bool:
    """Whether a contact verb stands in the few words of the sentence before the lead, or as the
    infinitive that ends the clause after the name ("Sie können uns gerne auf WhatsApp schreiben")."""
    before = _SENTENCE_END.split(text[max(0, lead_start - 50) : lead_start])[-1]
    if any(_is_contact_verb(token) for token in _TOKEN.findall(before)[-_VERB_REACH:]):
        return True
    infinitive = _INFINITIVE_AFTER.match(text, brand.end)
    return bool(infinitive and _is_contact_verb(infinitive.group(1)))


def _invites(text: str, lead: re.Match[str], brand: _Brand) -> bool:
    """Whether the words before ``brand`` (``lead``) invite the buyer to make contact.

    It takes a contact verb, in the lead or near it (``_contact_verb_near``): a pronoun alone is someone's
    experience ("Same thing happens to *me* on WhatsApp", "*Nous* avons vérifié sur WhatsApp", "*Nos*
    clients sur Facebook"). With one, a pronoun ("add *me* on"), a verb with its pronoun attached
    ("scrivi*mi* su") or an imperative with nothing but particles up to the name ("Napisz na",
    "Écrivez directement sur", not "appelez un proche sur") invites."""
    tokens = _TOKEN.findall(lead.group().casefold())
    verbs = [i for i, token in enumerate(tokens) if _is_contact_verb(token)]
    if not verbs and not _contact_verb_near(text, lead.start(), brand):
        return False
    if any(token in _PRONOUN_SET or _has_clitic(token) for token in tokens):
        return True
    return any(tokens[i] in _IMPERATIVE_SET and _IMPERATIVE_PARTICLES.issuperset(tokens[i + 1 :]) for i in verbs)


def _invitation_start(text: str, brand: _Brand) -> int | None:
    """Where an invitation to write to the seller on ``brand`` begins ("add me on", "Lisää minut
    Snäpissä"), or where an @handle before it begins ("@shop on Instagram"); None without one.

    A buyer told where they came from is not invited: "Ni hittade oss via en annons på Facebook",
    "Glad you found us on Instagram", "Μας βρήκατε στο Φέισμπουκ;"."""
    bs = brand.start
    window_start = max(0, bs - 80)
    start = None
    lead = _BEFORE_CONTACT.search(text, window_start, bs)
    if not lead and brand.suffix and _FINNISH_CASE.search(brand.suffix):
        lead = _BEFORE_CONTACT_NO_PREP.search(text, window_start, bs)
    if lead and _invites(text, lead, brand) and not _came_through(text, lead.start(), brand):
        start = lead.start()
    handle_before = _HANDLE_BEFORE.search(text, max(0, bs - 60), bs)
    if handle_before:
        start = handle_before.start() if start is None else min(start, handle_before.start())
    return start


def _came_through(text: str, lead_start: int, brand: _Brand) -> bool:
    """Whether the words before ``brand`` tell of an advert or of having found the seller there."""
    lead = text[max(0, lead_start - 25) : brand.start]
    if _AD.search(lead) or _PAST_DISCOVERY.search(lead) or _AD_AFTER.match(text, brand.end):
        return True
    after = _WORDS_AFTER.match(text, brand.end)  # "Sie haben uns auf Facebook gesehen?"
    return bool(after and _PAST_DISCOVERY.search(after.group()))


# -- a handle, number, label or "me" after the name -----------------------------------------------------

_AFTER_PREFIX = re.compile(
    rf"(?P<sep>(?:[ \t]*(?:[:=(]|[-–—](?=[ \t])|(?<!\w)(?:{_words(FILLERS)})(?![\w.@\-]))[ \t]*|[ \t]+){{0,6}})",
)

_LABEL_SEPARATOR = re.compile(r"[:=]|[ \t][-–—][ \t]")

_COPULA_RE = re.compile(rf"(?<![^\W\d_])(?:{_words(COPULAS)})(?![^\W\d_])")

_AT_HANDLE = re.compile(r"[@＠][\w.]{1,30}\w")

_HANDLE_WORD = re.compile(r"[^\W_][\w.\-]{1,30}[\w]")

_HANDLE_END = re.compile(
    r"[ \t]*(?:$|[\n,;!?)\]]|\.(?:\s|$)|[-–—](?=[ \t])|(?:or|ou|oder|of|eller|tai|ή|lub|and|et|und|y|en|och|ja|και)(?![^\W\d_]))",
)

_VERSION = re.compile(r"v?\d+(?:\.\d+)+")

_LIST_DASH = re.compile(r"[ \t][-–—][ \t]")

_LIST_DASH_BEFORE = re.compile(r"[-–—][ \t]+$")

_DIGITS_AFTER = re.compile(r"\+?[(\d][\d \t.\-/()]{4,}\d")

_SELF_AFTER = re.compile(rf"[ \t]+(?:{_words(SELF_AFTER)})(?![^\W\d_])")

_ARTICLE_AFTER = re.compile(rf"[ \t]+(?:{_words(ARTICLES)})(?![^\W\d_])")

_ARTICLE_BEFORE = re.compile(rf"(?<![^\W\d_])(?:{_words(ARTICLES)})[ \t]+$")

_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_]+)")

_SELF_INVITATION_FOLLOWERS = frozenset(SELF_INVITATION_FOLLOWERS)


def _contact_end(text: str, brand: _Brand, anchors: Sequence[Span]) -> int | None:
    """Where a handle, number, link, label or "me" right after ``brand`` ends; None without one.

    "X" counts only with an @handle ("iPhone X: 256 GB" passes); "Signal" as it stands takes no
    copula or "me" ("Signal is good here", "signal me when ready")."""
    be = brand.end
    prefix = _AFTER_PREFIX.match(text, be)
    after = prefix.end() if prefix else be
    separator = text[be:after]
    at_handle = _AT_HANDLE.match(text, after)
    if at_handle and after - be <= 40:
        return at_handle.end()
    if brand.kind == "x":
        return None
    end = None
    digits = _DIGITS_AFTER.match(text, after)
    if digits and sum(map(str.isdigit, digits.group())) >= 6:
        end = digits.end()
    for ps, pe in anchors:  # a phone number or a link right after the name
        if be <= ps <= after + 1:
            end = max(end or pe, pe)
    if end is None:
        end = _labelled_handle_end(text, brand, separator, after)
    if end is None:
        end = _self_invitation_end(text, brand)
    return end


def _labelled_handle_end(text: str, brand: _Brand, separator: str, after: int) -> int | None:
    """The end of a labelled handle: "telegram: shopguy", "Snapchat: phones4u", "my Skype is shop.phones"."""
    word = _HANDLE_WORD.match(text, after)
    if not word or not _HANDLE_END.match(text, word.end()) or _not_a_handle(text, brand, separator, word):
        return None
    handle = word.group()
    labelled = bool(_LABEL_SEPARATOR.search(separator))
    special = any(c in handle for c in "_.") or any(c.isdigit() for c in handle)
    copula = bool(_COPULA_RE.search(separator)) and not brand.ordinary_signal
    if (labelled and (brand.strong or special)) or (copula and special):
        return word.end()
    return None


def _not_a_handle(text: str, brand: _Brand, separator: str, word: re.Match[str]) -> bool:
    """Whether the word labelled by ``brand`` is something else than an account: an answer or a
    status ("WhatsApp: yes", "WhatsApp: gelöscht"), a version ("WhatsApp: 2.24.6", "the latest
    WhatsApp is 2.24.6"), the app's package ("org.telegram.messenger"), another network's name or an
    item of a list ("Getestete Apps: WhatsApp – Instagram – TikTok – YouTube")."""
    handle = word.group()
    return (
        handle in NOT_HANDLES
        or handle.startswith(PACKAGE_PREFIXES)
        or _VERSION.fullmatch(handle) is not None
        or any(name.start == 0 and name.end == len(handle) for name in _brands(handle))
        or _in_dash_list(text, brand, separator, word.end())
    )


def _in_dash_list(text: str, brand: _Brand, separator: str, word_end: int) -> bool:
    """Whether a spaced dash after ``brand`` runs a list on, a dash standing before the name or
    after the word too ("WhatsApp – Instagram – TikTok – YouTube")."""
    return bool(
        _LIST_DASH.search(separator)
        and (_LIST_DASH_BEFORE.search(text, max(0, brand.start - 4), brand.start) or _LIST_DASH.match(text, word_end))
    )


def _self_invitation_end(text: str, brand: _Brand) -> int | None:
    """The end of "me" after a name used as a verb: "WhatsApp me", "snap me even", "snappa mig".

    "Snap" needs more: "snap me a photo of the label" asks for a photo, "the snap" is a noun."""
    if brand.kind == "full":
        me = _SELF_AFTER.match(text, brand.end)
        return me.end() if me and _invitation_goes_on(text, me.end()) else None
    if brand.kind != "weak" or not text.startswith(("sn", "σν"), brand.start):
        return None
    me = _SELF_AFTER.match(text, brand.end)
    if (
        not me
        or _ARTICLE_AFTER.match(text, me.end())
        or _ARTICLE_BEFORE.search(text, max(0, brand.start - 12), brand.start)
    ):
        return None
    return me.end()


def _invitation_goes_on(text: str, me_end: int) -> bool:
    """Whether what follows "WhatsApp me" / "app ons" keeps it an invitation: nothing, a number or
    punctuation, or one of ``SELF_INVITATION_FOLLOWERS`` ("WhatsApp me the photos"). Any other word
    makes "me" a clitic ("A mí WhatsApp me funciona"), "us" the country ("TikTok US content") and
    "ons" Dutch for "our" ("de app ons retourformulier")."""
    word = _NEXT_WORD.match(text, me_end)
    return word is None or word.group(1) in _SELF_INVITATION_FOLLOWERS


# Dutch "app me" / "app ons" (send me a WhatsApp), not "the app me and ...". A scan of its own, with a
# literal first (``re`` jumps from "app" to "app"): "app" in the brand scan would stop it at every "a".
_APP_ME = re.compile(rf"app[ \t]+(?:{_words(SELF_AFTER)})(?![^\W\d_])")


def _app_me_spans(text: str) -> list[Span]:
    """Each "app me" ("App me even", "app ons de foto's"), unless "app" ends a word ("whatsapp me" is
    the brand's), follows an article or is followed by a word that ends the invitation."""
    return [
        (start, end)
        for start, end in (hit.span() for hit in _APP_ME.finditer(text))
        if not (start and _is_letter(text[start - 1]))
        and not _ARTICLE_BEFORE.search(text, max(0, start - 12), start)
        and _invitation_goes_on(text, end)
    ]


# -- an @handle in the same clause (strong names) ---------------------------------------------------------

# A strong name and a handle in the same clause: "Op X (Twitter) kun je ons vinden als @Shop".
_CLAUSE_HANDLE_AFTER = re.compile(r"[^.!?;\n@＠]{0,60}?(?<![\w.])[@＠][\w.]{0,30}\w")

_CLAUSE_HANDLE_BEFORE = re.compile(r"(?<![\w.])[@＠][\w.]{0,30}\w[^.!?;\n@＠]{0,60}$")


def _clause_at_handle(text: str, brand: _Brand) -> Span | None:
    """An @handle in the clause of a strong name, after or before it."""
    after = _CLAUSE_HANDLE_AFTER.match(text, brand.end)
    if after:
        return brand.start, after.end()
    before = _CLAUSE_HANDLE_BEFORE.search(text, max(0, brand.start - 100), brand.start)
    if before:
        return before.start(), brand.end
    return None


# -- all together ---------------------------------------------------------------------------------------


def _brand_span(text: str, brand: _Brand, names: Sequence[_Brand], anchors: Sequence[Span]) -> Span | None:
    """The contact made with ``brand`` (one of ``names``, all in the reply), from its first to its
    last word; None for a mere mention."""
    end = _contact_end(text, brand, anchors)
    start = _invitation_start(text, brand)
    if brand.strong and start is None and end is None:
        clause = _clause_at_handle(text, brand)
        if clause:
            start, end = clause
    found: list[Span] = []
    if start is not None or end is not None:
        found.append((brand.start if start is None else start, brand.end if end is None else max(end, brand.end)))
    prose = _prose_handle(text, brand, names)
    if prose:
        found.append(prose)
    find_end = _find_us_after(text, brand)
    if find_end:
        found.append((brand.start, find_end))
    found.extend(_page_spans(text, brand, found))
    if not found:
        return None
    return min(s for s, _ in found), max(e for _, e in found)


def _messenger_spans(text: str, anchors: Sequence[Span]) -> list[Span]:
    """Spans of ``text`` (lower case, positions as in the reply) where a network's name is used to
    hand over contact; ``anchors`` are the phone numbers and links already found (a number right
    after "WhatsApp" belongs to it)."""
    spans = _app_me_spans(text)
    names = list(_brands(text))
    for brand in names:
        span = _brand_span(text, brand, names, anchors)
        if span:
            spans.append(span)
    return spans
