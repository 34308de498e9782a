"""R2.1 against letter-spaced addresses (issue 21): the reply with its spaced-out words closed up, with a map back.

Sellers write an e-mail address, a web address or a handle one character at a time so that no
pattern sees a word: ``n i c o l a s . r e p a r @ g m a i l . c o m``,
``t-h-o-m-a-s-.-m-o-b-i-l-e-@-f-r-e-e-.-f-r``, ``j/e/n/s/b/e/c/k/e/r @ w/e/b . d/e``,
``g.a.r.a.n.t.i.e@l.a.p.o.s.t.e.n.e.t`` (the dot of the domain hidden among the others), groups
of letters a double space apart (``c o n t a c t  @  i p h o n e r e c o  .  b e``), or spaced
letters around a written-out "at" and "dot" (``t o b i a s Klammeraffe g m x Punkt a t``).

:func:`close_up` joins every run of single characters that one separator (a space, "-", "/" or
".") repeats between, squeezes the wider gaps left between such runs to one space, and keeps for
each output character the index it came from, like :mod:`unicode`'s fold. The contact check then
reads the closed-up text a second time, with the rules for evasive writing (a written-out dot in
any market language, a domain whose last dot was hidden in one of the runs: "grades A B C D at
dispatch" holds no "dispat.ch"), and keeps only what it finds on a run of at least
:data:`LONG_RUN` characters: "il y a", "e.g." or "A B C" close up too but a finding must stand on
a word someone spelled out.

A run of digits alone is left to the phone scanner, which already reads ``0 6 1 2 …``.
"""

from __future__ import annotations

import re
from typing import NamedTuple

LONG_RUN = 4
"""Fewest spaced-out characters a finding of the second reading must touch ("c o m" alone is not enough)."""

# One character, then the same separator and one character again and again: one, two or three
# spaces (one pattern each, so "x  a b c d" holds the run "a b c d"), or a "-", "/" or "." with or
# without one space on each side ("g / s / m", "r . u . i"), the same all along the run. Between
# spaces a character of an address is a token, a dash of prose ("x –") is not. A run may touch an "@" ("g.m.x@w.e.b") and may end before sentence
# punctuation; a character that is the separator itself cannot be a token of that run.
_RUNS = tuple(
    re.compile(
        rf"(?<![^\s@(\[:«„“\"']){token}(?P<sep>{separator})(?:{token}(?P=sep))*{token}"
        rf"(?![^\s@,;:!?)\]»“”\"'{end}])"
    )
    for separator, token, end in (
        (" ", r"[\w.@+\-]", "."),
        ("  ", r"[\w.@+\-]", "."),
        ("   ", r"[\w.@+\-]", "."),
        (r" ?- ?", r"[^\s\-]", "."),
        (r" ?/ ?", r"[^\s/]", "."),
        (r" ?\. ?", r"[^\s.@]", ""),
    )
)

# What separates two spaced-out runs ("c o n t a c t  @  i p h o n e"): two or more spaces.
_WIDE_GAP = re.compile(r"[ \t]{2,}")


class ClosedUp(NamedTuple):
    """The reply with its spaced-out runs joined: ``text``, ``origin`` (index in the input of each
    character) and ``long_runs`` (spans in ``text`` of the runs of at least :data:`LONG_RUN`)."""

    text: str
    origin: list[int]
    long_runs: list[tuple[int, int]]


def _runs(text: str) -> list[tuple[int, int, bool]]:
    """``(start, end, spaces_only)`` of the spaced-out runs of ``text`` that hold a letter, not overlapping.

    Where two readings overlap the longer wins, and of two as long the one whose separator is not
    a space ("r . u . i" is "rui", not "r.u.i").
    """
    found: list[tuple[int, int, bool]] = []
    for pattern in _RUNS:
        for match in pattern.finditer(text):
            if any(char.isalpha() for char in match.group()):  # digits alone: the phone scanner's
                found.append((match.start(), match.end(), match.group("sep").isspace()))
    found.sort(key=lambda run: (run[0], run[0] - run[1], run[2]))
    kept: list[tuple[int, int, bool]] = []
    for run in found:
        if kept and run[0] < kept[-1][1]:
            longer = run[1] - run[0] > kept[-1][1] - kept[-1][0]
            if longer:
                kept[-1] = run
            continue
        kept.append(run)
    return kept


def _tokens(text: str, start: int, end: int, spaces_only: bool) -> list[int]:
    """Indices of the characters a run spells: every character that is not a space, and when a
    "-", "/" or "." separates them, every other one."""
    written = [index for index in range(start, end) if not text[index].isspace()]
    return written if spaces_only else written[::2]


# Four characters a separator apart, the separator any of the runs' (their backreferences make
# each run's separator the same all along; this one search only says whether a run can be there).
_MAYBE_LONG_RUN = re.compile(r"\S(?P<sep> {1,3}| ?[-/.] ?)\S(?P=sep)\S(?P=sep)\S")


def close_up(text: str) -> ClosedUp | None:
    """The reply with every spaced-out run joined, or None when it has no run of :data:`LONG_RUN`."""
    if not _MAYBE_LONG_RUN.search(text):
        return None  # most replies: no four characters spaced out
    runs = [(start, end, _tokens(text, start, end, spaces)) for start, end, spaces in _runs(text)]
    if not any(len(tokens) >= LONG_RUN for _start, _end, tokens in runs):
        return None
    chars: list[str] = []
    origin: list[int] = []
    long_runs: list[tuple[int, int]] = []
    position = 0

    def copy(upto: int) -> None:
        """The text between runs as it is, with wide gaps squeezed to one space."""
        nonlocal position
        for gap in _WIDE_GAP.finditer(text, position, upto):
            for index in range(position, gap.start()):
                chars.append(text[index])
                origin.append(index)
            chars.append(" ")
            origin.append(gap.start())
            position = gap.end()
        for index in range(position, upto):
            chars.append(text[index])
            origin.append(index)
        position = upto

    for start, end, tokens in runs:
        copy(start)
        run_start = len(chars)
        for index in tokens:
            chars.append(text[index])
            origin.append(index)
        if len(chars) - run_start >= LONG_RUN:
            long_runs.append((run_start, len(chars)))
        position = end
    copy(len(text))
    return ClosedUp("".join(chars), origin, long_runs)
