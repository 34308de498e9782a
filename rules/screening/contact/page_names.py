"""R2.1: where to find the seller on a network: "find us" after its name, and a page looked up by name
(issue 21).

Why. A page or profile name hands over contact as surely as a handle ("Sök upp Mobilhörnan Luleå
på Facebook", "Search for 'Mobile Medics Cork' on Facebook", "Auf Insta findest du uns unter
„Handywerkstatt Aachen“"), but it is made of ordinary words, and the reply comes lower-cased: a
page name is found by the words around it (a search verb before it and "on <network>" after it,
quotes, "as", "como", "unter", "jako", "ως"), never by its capital letters.

What. ``_find_us_after``: a present or imperative "find" and "us"/"me" in the words after the name
("Auf Insta findest du uns", not "hittade", "found"). ``_page_spans``: on a network with pages, a
search invitation naming a page before or after the network, and a page name quoted or cued after
what was found ("... finden Sie uns unter „Handywerkstatt Aachen“").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rules.screening.contact.brands import _TOKEN, _WORDS_AFTER, Span, _Brand
from rules.screening.contact.emails import _words
from rules.screening.contact.invitation_words import OBJECT_PRONOUNS, ON_PREPOSITIONS
from rules.screening.contact.page_name_words import (
    CONJUNCTIONS,
    FIND_FORMS,
    FOUND_THROUGH,
    NEGATIONS,
    NOT_NAMES,
    NOT_PAGE_OBJECTS,
    PAGE_NAME_CUES,
    PAGE_NETWORKS,
    PAGE_WORDS,
    SEARCH_NAME_CUES,
    SEARCH_PARTICLES,
    SEARCH_VERBS,
    SETTING_PLACES,
    SETTING_STEMS,
    SETTING_WORDS,
)

# -- "find us" after the name -----------------------------------------------------------------------------

_FIND_FORMS = frozenset(FIND_FORMS)
_OBJECT_PRONOUNS = frozenset(OBJECT_PRONOUNS)
_NEGATIONS = frozenset(NEGATIONS)

_FOUND_THROUGH = re.compile(rf"[ \t]+(?:{_words(FOUND_THROUGH)})(?![^\W\d_])")


def _find_us_after(text: str, brand: _Brand) -> int | None:
    """The end of "find us" after the name: "Auf Insta findest du uns", "Στο Ίνστα μας βρίσκετε",
    "Instassa meidät löytää" (a find verb and "us"/"me" among the four words after it).

    Not negated ("En WhatsApp no me encuentras"), not past ("hittade", "found"): FIND_FORMS holds
    present and imperative forms only; and not how people came ("people on Instagram find us
    through friends")."""
    if brand.kind == "x":
        return None
    words = _WORDS_AFTER.match(text, brand.end)
    if not words:
        return None
    verb_end = pronoun_end = None
    for word in _TOKEN.finditer(text, brand.end, words.end()):
        token = word.group()
        if token in _NEGATIONS:
            return None
        if token in _FIND_FORMS:
            verb_end = verb_end or word.end()
        elif token in _OBJECT_PRONOUNS:
            pronoun_end = pronoun_end or word.end()
    if not (verb_end and pronoun_end):
        return None
    end = max(verb_end, pronoun_end)
    return None if _FOUND_THROUGH.match(text, end) else end


# -- a page looked up by name ------------------------------------------------------------------------------

_PAGE = re.compile("|".join(PAGE_NETWORKS))

_QUOTED = r"(?:\"[^\"\n]{1,60}\"|'[^'\n]{1,60}'|„[^“”\"\n]{1,60}[“”\"]|“[^”\n]{1,60}”|«[^»\n]{1,60}»|»[^«\n]{1,60}«|‘[^’\n]{1,60}’)"

_CONJUNCTION = rf"(?:{_words(CONJUNCTIONS)})(?![^\W\d_])"

# Up to five words of a name; a dot only inside one ("Cellulari Da Mario Bari." ends before it).
_NAME_WORD = r"[^\W_](?:[\w\-&'’]|\.(?=\w))*"
_NAME_WORDS = rf"(?!{_CONJUNCTION}){_NAME_WORD}(?:[ \t]+(?!{_CONJUNCTION}){_NAME_WORD}){{0,4}}"

_PAGE_WORDS = rf"(?:(?:{_words(PAGE_WORDS)})[ \t]+)?"

_SEARCH = rf"(?<![^\W\d_])(?:{_words(SEARCH_VERBS)})(?![^\W\d_])(?:[ \t]+(?:{_words(SEARCH_PARTICLES)})(?![^\W\d_]))?"

_ON = rf"(?:{_words(ON_PREPOSITIONS)})[ \t]+(?:(?:the|le|la|den|de|το|il|o|el)[ \t]+)?"

# "Search for 'Mobile Medics Cork' on Facebook", "Sök upp Mobilhörnan Luleå på Facebook".
_SEARCH_NAME_ON = re.compile(rf"{_SEARCH}[ \t]+{_PAGE_WORDS}(?P<name>{_QUOTED}|{_NAME_WORDS})[ \t]+{_ON}$")

# "Suchen Sie auf Facebook nach ...": the name comes after the network and a cue ("nach", "as").
_SEARCH_ON = re.compile(rf"{_SEARCH}[ \t]+{_ON}$")

# "Etsi Facebookista Kännykkäkulma Kuopio": Finnish says "from" with a case ending, no preposition.
_SEARCH_BARE = re.compile(rf"{_SEARCH}[ \t]+$")

_PAGE_NAME = re.compile(rf"[ \t]+(?P<name>{_QUOTED}|{_NAME_WORDS})")

# After the network a page name needs quotes, or "as"/"como"/...: "Suchen Sie auf Facebook nach
# Bewertungen" (reviews) is a topic.
_SEARCH_PAGE_NAME = re.compile(
    rf"[ \t]+(?:(?:(?:{_words(SEARCH_NAME_CUES)})[ \t]+)?{_PAGE_WORDS}(?P<name>{_QUOTED})"
    rf"|(?:{_words(PAGE_NAME_CUES)})[ \t]+(?P<words>{_NAME_WORDS}))"
)

_CUED_PAGE_NAME = re.compile(rf"[ \t]+(?:{_words(PAGE_NAME_CUES)})[ \t]+(?P<name>{_QUOTED}|{_NAME_WORDS})")

# "Sur Messenger, cherchez « Réparation Mobile Brest »": "on" the network, then the search verb and a
# quoted name that is not a setting ("... 'Account Center' in the settings"; ``_SETTING`` for one
# named so).
_THEN_SEARCH_QUOTED = re.compile(
    rf"[ \t]*,?[ \t]*{_SEARCH}[ \t]+{_PAGE_WORDS}{_QUOTED}(?![ \t]+(?:{_words(SETTING_PLACES)})(?![^\W\d_]))"
)

_ON_BEFORE = re.compile(rf"(?<![^\W\d_]){_ON}$")

# A setting of the app, not a page: "Accounts Centre", "Espace comptes", "Centrum kont", "Asetukset".
_SETTING = re.compile(rf"(?<![^\W\d_])(?:(?:{_words(SETTING_STEMS)})|(?:{_words(SETTING_WORDS)})(?![^\W\d_]))")

_ELATIVE = ("sta", "stä")

_NOT_NAMES = frozenset(NOT_NAMES)
_NOT_PAGE_OBJECTS = frozenset(NOT_PAGE_OBJECTS)


def _page_spans(text: str, brand: _Brand, found: Sequence[Span]) -> list[Span]:
    """On a network with pages (``PAGE_NETWORKS``): a search invitation naming a page, and the page
    name written after the end of what was found with ``brand`` so far (``found`` and the search):
    "... finden Sie uns unter „Handywerkstatt Aachen“" is quoted to its closing quote."""
    if not _PAGE.match(text, brand.start):
        return []
    spans: list[Span] = []
    search = _search_page(text, brand)
    if search:
        spans.append(search)
    ends = [end for _, end in (*found, *spans)]
    if ends:
        name_end = _page_name_end(text, max(ends))
        if name_end:
            spans.append((brand.start, name_end))
    return spans


def _page_name_end(text: str, end: int, pattern: re.Pattern[str] = _CUED_PAGE_NAME) -> int | None:
    """The end of a page name written at ``end``: quoted, or up to five words up to a conjunction
    or a punctuation mark ("como MovilesElBarrio Granada y ...", "unter „Handywerkstatt Aachen“")."""
    name = pattern.match(text, end)
    if not name:
        return None
    written = next(part for part in name.groupdict().values() if part)
    first = _TOKEN.match(written)
    if (first and first.group() in _NOT_NAMES) or _SETTING.search(written):
        return None
    return name.end()


def _is_page_name(name: str) -> bool:
    """Whether what a search invitation asks to look up reads as a name: quoted, or not beginning
    with an article, a possessive or a topic ("reviews", "deals"), and not a setting ("Search for
    'Accounts Center' on Facebook")."""
    first = _TOKEN.match(name)
    return (not first or first.group() not in _NOT_PAGE_OBJECTS) and not _SETTING.search(name)


def _search_page(text: str, brand: _Brand) -> Span | None:
    """A search invitation naming a page on ``brand``: the name before ("Sök upp Mobilhörnan Luleå
    på Facebook") or after the network ("Etsi Facebookista Kännykkäkulma Kuopio", "Sur Messenger,
    cherchez « Réparation Mobile Brest »")."""
    window = max(0, brand.start - 100)
    before = _SEARCH_NAME_ON.search(text, window, brand.start)
    if before and _is_page_name(before.group("name")):
        return before.start(), brand.end
    then = _THEN_SEARCH_QUOTED.match(text, brand.end)
    if then and not _SETTING.search(then.group()) and _ON_BEFORE.search(text, max(0, brand.start - 12), brand.start):
        return brand.start, then.end()
    lead = _SEARCH_ON.search(text, window, brand.start)
    if lead:
        end = _page_name_end(text, brand.end, _SEARCH_PAGE_NAME)
        return (lead.start(), end) if end else None
    lead = _SEARCH_BARE.search(text, window, brand.start)
    if lead and brand.suffix.endswith(_ELATIVE):  # not "Search WhatsApp in the App Store"
        end = _page_name_end(text, brand.end, _PAGE_NAME)
        return (lead.start(), end) if end else None
    return None
