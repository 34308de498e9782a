"""R2.1: e-mail and web addresses written out in the markets' languages (``name at gmail dot com``, ``[at]``, ``arobase``, ``punkt``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rules.screening.contact.urls import _TLDS, MESSENGER_HOSTS, _is_allowed, capitalised

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
    "at-zeichen",
    "at zeichen",
    "ät-merkki",
    "ät merkki",
    "kanelbulle",
    "papaki",
    "παπάκι",
)

# Words for "_" inside the name of an address: "julie tiret bas reparation", "sven Unterstrich refurb".
_UNDERSCORE_WORDS = (
    "underscore",
    "tiret bas",
    "tiret du bas",
    "tiret du 8",
    "unterstrich",
    "liggend streepje",
    "guion bajo",
    "guión bajo",
    "trattino basso",
    "sublinhado",
    "understreck",
    "alaviiva",
    "podkreślnik",
    "podkreslnik",
    "κάτω παύλα",
    "κατω παυλα",
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
    "teleia",
)

# Words for "/" in a link written out: "wa point me slash 32465183927".
_SLASH_WORDS = (
    "slash",
    "barre oblique",
    "schrägstrich",
    "schraegstrich",
    "schuine streep",
    "barra",
    "barra oblicua",
    "kauttaviiva",
    "snedstreck",
    "ukośnik",
    "ukosnik",
    "κάθετος",
    "καθετος",
)


def _words(words: Iterable[str]) -> str:
    forms = {w.lower() for w in words}
    return "|".join(re.escape(w).replace(r"\ ", " ").replace(" ", r"\s+") for w in sorted(forms, key=len, reverse=True))


_OPEN, _CLOSE = r"[(\[{<]", r"[)\]}>]"

# "@" itself; a bracketed at-word or "(a)"/"(@)"; a spaced at-word; "-at-", "_at_". Every branch
# starts with one character or class, so the scan over the reply skips most positions at once;
# the spaces around "@" or a bracket are taken afterwards (:func:`_spaced`).
# Written-out at-words that are no English word: these may stand between commas ("mario punto
# tecnico, arroba, hotmail punto es"); "at" may not ("open, at 10, ...").
_AT_WORDS_NOT_EN = tuple(word for word in _AT_WORDS if not word.startswith("at"))

# "chez" is an everyday French word ("chez nous"): it is an "@" only before a domain that ends the
# clause and whose dot is written out ("nicolas point girard chez free point fr,").
_CHEZ = "chez"

_AT = re.compile(
    rf"""(?:
        [@＠]
      | {_OPEN}[ \t]*(?:{_words(_AT_WORDS)}|a|@)[ \t]*{_CLOSE}
      | [ \t](?:{_words(_AT_WORDS)}|{_CHEZ})[ \t]
      | ,[ \t]*(?:{_words(_AT_WORDS_NOT_EN)}),?[ \t]
      | [ \t](?:{_words(_AT_WORDS_NOT_EN)}),[ \t]
      | [-_*][ \t]*at[ \t]*[-_*]
    )""",
    re.VERBOSE,
)

_END_OF_CLAUSE = re.compile(r"[ \t]*(?:$|[\n,;!?)\]]|\.(?:\s|$))")

_DOT_SPELLED = (
    rf"(?:[ \t]*{_OPEN}[ \t]*(?:{_words(_DOT_WORDS)}|\.)[ \t]*{_CLOSE}[ \t]*|[ \t]+(?:{_words(_DOT_WORDS)})[ \t]+)"
)

_DOT = re.compile(rf"(?:\.|[ \t]\.[ \t]|{_DOT_SPELLED})")

# In a domain after an "@", a written-out dot may follow a comma: "arobase gmail, point com".
# "paolo, punto, riparazioni": a written-out dot between commas, in an address that has an "@".
_DOT_BETWEEN_COMMAS = rf"[ \t]*,[ \t]*(?:{_words(_DOT_WORDS)})(?:[ \t]*,[ \t]*|[ \t]+)"

_DOMAIN_DOT = re.compile(rf"(?:\.|[ \t]\.[ \t]|{_DOT_SPELLED}|{_DOT_BETWEEN_COMMAS})")

_UNDERSCORE_SPELLED = rf"[ \t]+(?:{_words(_UNDERSCORE_WORDS)})[ \t]+"

_SLASH_AFTER = re.compile(rf"[ \t]+(?:{_words(_SLASH_WORDS)})[ \t]+[\w+%][\w+%\-]*")

# TLDs a domain may end in when its last dot was hidden among others ("l.a.p.o.s.t.e.n.e.t"):
# the markets' country codes and the generic ones mail providers use.
_HIDDEN_DOT_TLDS = tuple(
    sorted(
        "com net org info eu biz fr de nl be es it pt at ch lu ie uk se fi gr pl dk no cz".split(),
        key=len,
        reverse=True,
    )
)

_DOT_ONLY_SPELLED = re.compile(_DOT_SPELLED)

_LABEL = re.compile(r"[^\W_](?:[\w\-]{0,62}[^\W_])?")

_LOCAL_BEFORE = re.compile(
    rf"(?:[\w+\-]+(?:\.|{_DOT_SPELLED}|{_DOT_BETWEEN_COMMAS}|{_UNDERSCORE_SPELLED}))*[\w+\-]*[^\W_]$",
)


def _spaced(text: str, start: int, end: int, most: int = 2) -> tuple[int, int]:
    """``[start, end)`` grown over at most ``most`` spaces or tabs on each side."""
    floor, ceiling = max(0, start - most), min(len(text), end + most)
    while start > floor and text[start - 1] in " \t":
        start -= 1
    while end < ceiling and text[end] in " \t":
        end += 1
    return start, end


def _domain_after(text: str, pos: int, *, evasive: bool = False) -> int | None:
    """End of ``label(.label)*.tld`` starting at ``pos`` (dots plain or written out), or None.

    The last label kept is the last one that is a real TLD, so "gmail.com. Thanks" stops at "com".
    ``evasive``: a last label that only starts with a TLD ends there ("r e p a . e s y te", closed
    up, reads "repa.esy te": the next word's letter joined the run).
    """
    labels: list[tuple[int, int]] = []
    while True:
        label = _LABEL.match(text, pos)
        if not label:
            break
        labels.append((label.start(), label.end()))
        dot = _DOMAIN_DOT.match(text, label.end())
        if not dot:
            break
        pos = dot.end()
    for i in range(len(labels) - 1, 0, -1):
        start, end = labels[i]
        if text[start:end].lower() in _TLDS:
            return end
    if evasive and len(labels) >= 2:
        start, end = labels[-1]
        last = text[start:end].lower()
        for tld in _HIDDEN_DOT_TLDS:
            if last.startswith(tld):
                return start + len(tld)
    return None


def _hidden_dot_domain_after(text: str, pos: int) -> tuple[int, str] | None:
    """``(end, host)`` of a one-label domain whose last dot was hidden ("gmailcom" -> "gmail.com")."""
    label = _LABEL.match(text, pos)
    if not label or _DOMAIN_DOT.match(text, label.end()):
        return None
    written = label.group().lower()
    for tld in _HIDDEN_DOT_TLDS:
        if written.endswith(tld) and len(written) - len(tld) >= 2:
            return label.end(), f"{written[: -len(tld)]}.{tld}"
    return None


def _email_spans(
    text: str, low: str, allowed: frozenset[str], *, runs: Sequence[tuple[int, int]] = ()
) -> list[tuple[int, int]]:
    """E-mail addresses, plain or written out, read in ``low`` (``text`` in lower case, position for
    position: ``text`` keeps the capitals as written).

    ``runs``: the spaced-out runs of a reply closed up (``spacing``), read as one caught hiding an
    address: a domain whose last dot was hidden counts too, inside one of those runs ("g m x d e"),
    not in the words after them ("grades A B C D at dispatch" is no address at "dispat.ch")."""
    spans: list[tuple[int, int]] = []
    for at in _AT.finditer(low):
        at_start, at_end = _spaced(low, *at.span())
        domain = _domain(low, at_end, runs)
        if domain is None or _missing_space(text[at_end : domain[0]]):
            continue
        end, host = domain
        if at.group().strip(" \t,") == _CHEZ and (
            not _END_OF_CLAUSE.match(low, end) or not _DOT_ONLY_SPELLED.search(low, at_end, end)
        ):
            continue  # "chez nous", "chez Free.": French, not an address
        local = _LOCAL_BEFORE.search(low, max(0, at_start - 96), at_start)
        if not local:
            continue
        if _is_allowed(host, allowed):
            continue  # support@swapiphone.com, the carrier's service address
        spans.append((local.start(), end))
    return spans


def _domain(low: str, pos: int, runs: Sequence[tuple[int, int]]) -> tuple[int, str] | None:
    """``(end, host)`` of the domain at ``pos``: dots plain or written out, or, in a reply closed up
    (``runs``), one whose last dot was hidden inside a spaced-out run."""
    end = _domain_after(low, pos, evasive=bool(runs))
    if end is not None:
        return end, _DOMAIN_DOT.sub(".", low[pos:end])
    hidden = _hidden_dot_domain_after(low, pos) if runs else None
    if hidden and any(start <= pos and hidden[0] <= stop for start, stop in runs):
        return hidden
    return None


def _missing_space(domain: str) -> bool:
    """Whether a domain as written is two sentences run together by a full stop without its space:
    one plain dot between a word in lower case and a capitalised one ("at noon.Best wishes", "at
    5pm.It rings", "tod@s.Es un placer"), where an address is written in one case ("shop.fr",
    "Orange.Fr", "SHOP.FR")."""
    word, dot, tld = domain.partition(".")
    return bool(dot) and "." not in tld and word == word.lower() and capitalised(tld)


# "www dot shop dot com", "www(.)shop(.)fr", "shop (dot) com", "phones4u dot de"
_SPELLED_WEB = re.compile(
    rf"(?<![\w.@])(?P<www>www)?(?(www){_DOT.pattern}|)[^\W_][\w\-]*(?:{_DOT.pattern}[^\W_][\w\-]*)+",
)

_BRACKETED_DOT = re.compile(rf"{_OPEN}[ \t]*(?:{_words(_DOT_WORDS)}|\.)[ \t]*{_CLOSE}")

_DOT_EN = re.compile(rf"{_OPEN}[ \t]*(?:{_words(_DOT_WORDS)}|\.)[ \t]*{_CLOSE}|(?<![^\W\d_])dot(?![^\W\d_])")

# TLDs that are also English function words: after a spoken "dot" they end an address only where the
# clause ends ("phonefix dot it." is one, "a white dot in the middle" and "the orange dot is the
# microphone" are not).
_FUNCTION_WORD_TLDS = frozenset("in at is it to be me no so do us my by am as".split())

_SPOKEN_DOT_BEFORE = re.compile(r"[ \t]dot[ \t]+$")


def _a_dot_in_prose(text: str, end: int, tld: str) -> bool:
    """Whether a spoken "dot" before a TLD that is also an English word ("in", "at", "is") is a dot
    on the screen: the clause goes on after it ("a white dot in the middle", "the green dot at the
    top"), where an address would end it ("phonefix dot it.")."""
    return (
        tld in _FUNCTION_WORD_TLDS
        and _SPOKEN_DOT_BEFORE.search(text, max(0, end - len(tld) - 8), end - len(tld)) is not None
        and not _END_OF_CLAUSE.match(text, end)
    )


def _spelled_web_spans(text: str, allowed: frozenset[str], *, evasive: bool = False) -> list[tuple[int, int]]:
    """Web addresses with written-out dots: after "www", with "dot"/"(dot)"/"(.)", before a
    written-out slash, or a messenger's link host ("wa point me"), ending in a real TLD.

    Plain "shop.fr" is urlextract's; "le point de vue" (French "point", TLD-looking "de") passes
    because only the English "dot" or a bracketed dot counts without one of those. ``evasive``
    (a reply that spelled the address out letter by letter) counts any market language's dot.
    """
    if (
        not evasive
        and "www" not in text
        and "dot" not in text
        and not _BRACKETED_DOT.search(text)
        and not _SLASH_AFTER.search(text)
    ):
        return []
    spans: list[tuple[int, int]] = []
    for match in _SPELLED_WEB.finditer(text):
        written = match.group()
        separators = list(_DOT.finditer(written))
        if not any(_DOT_ONLY_SPELLED.fullmatch(sep.group()) or (evasive and sep.group() != ".") for sep in separators):
            continue  # only plain dots: urlextract's job (unless spaced out: "graz . at")
        labels = [label for label in _DOT.split(written) if label]
        end_label = None
        for i in range(len(labels) - 1, 0, -1):
            if labels[i].lower() in _TLDS:
                end_label = i
                break
        if end_label is None:
            continue
        # cut the match after the TLD label
        cut = 0
        for label in labels[: end_label + 1]:
            cut = written.index(label, cut) + len(label)
        host = ".".join(labels[: end_label + 1]).lower()
        end = match.start() + cut
        slash = _SLASH_AFTER.match(text, end)
        if not (evasive or match.group("www") or _DOT_EN.search(written) or slash or host in MESSENGER_HOSTS):
            continue
        if not (evasive or match.group("www") or slash) and _a_dot_in_prose(text, end, labels[end_label]):
            continue
        if _is_allowed(host, allowed):
            continue
        if slash:
            end = slash.end()  # the path: "wa point me slash 32470123456"
        spans.append((match.start(), end))
    return spans
