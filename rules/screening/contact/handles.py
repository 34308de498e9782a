"""R2.1: messenger and social contact: a network's name with a handle, a number, a link, a label or an invitation in the market's language."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rules.screening.contact.emails import _words
from rules.screening.contact.handle_words import CONTACT_VERBS, FULL_BRANDS, POSSESSIVES, PREPOSITIONS, PRONOUNS
from rules.screening.contact.number_words import _is_letter

# Full names may carry a case ending: "WhatsAppissa" (fi), "Instagramie" (pl), "Telegramu".
_OTHER_BRANDS = ("insta", "signal", "微信", "ig", "fb", "snap", "messenger", "wa", "tg", "x")

# The scan has no group or assertion in front, so most positions fail on their first character;
# each hit is then checked for a word start and classified by _BRAND_KIND.
_BRAND_SCAN = re.compile(rf"(?:{'|'.join(FULL_BRANDS)}|{'|'.join(_OTHER_BRANDS)})[^\W\d_]{{0,4}}(?![^\W\d_])")

_BRAND_KIND = re.compile(
    rf"(?P<full>(?:{'|'.join(FULL_BRANDS)})(?P<suffix>[^\W\d_]{{0,4}}))"
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

_PRONOUN_SET = frozenset(p.casefold() for p in PRONOUNS)

_VERB_STEMS = tuple(v.casefold() for v in CONTACT_VERBS)

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
