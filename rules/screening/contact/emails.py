"""R2.1: e-mail and web addresses written out in the markets' languages (``name at gmail dot com``, ``[at]``, ``arobase``, ``punkt``)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rules.screening.contact.urls import _TLDS, _is_allowed

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
