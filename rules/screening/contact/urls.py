"""R2.1: web addresses, found offline (``urlextract`` with its shipped TLD list) and checked against the allow-list."""

from __future__ import annotations

import re
from importlib import resources

import idna
from urlextract import URLExtract

from rules.screening.contact.handle_words import NOT_HANDLES


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
        raise RuntimeError("rules.screening.contact never downloads the TLD list")

    def update(self) -> bool:
        raise RuntimeError("rules.screening.contact never downloads the TLD list")

    def update_when_older(self, days: int) -> bool:
        raise RuntimeError("rules.screening.contact never downloads the TLD list")


_URL_EXTRACTOR = _OfflineURLExtract(extract_email=False, extract_localhost=False, cache_dns=False)

# Only whitespace-delimited chunks that could hold a URL go to urlextract (its TLD regex is slow on
# whole replies): a letter/digit, a dot, a letter (``shop.fr``), or a scheme (``http://1.2.3.4``).
_URL_HINT = re.compile(r"[^\W_]\.[^\W\d_]|://")

_SPACE = re.compile(r"\s")

# Punctuation that ends a clause, not an address: "le domaine gmail.com; pon la arroba".
_CLAUSE_PUNCTUATION = ";,:!?»”"

# Links that open a messenger or a call on the buyer's phone: "whatsapp://send?phone=…",
# "viber://chat?number=…", "tg://resolve?domain=…", "sgnl://signal.me/#p/+44…", "skype:name?call",
# and Skype's own ids "live:.cid.7f3a2c91e04b5d18" / "live:shop.name".
_APP_LINK = re.compile(
    r"(?<![\w.])(?:"
    r"(?:whatsapp|viber|tg|sgnl|skype|callto|fb-messenger|snapchat|instagram|weixin|wechat|threema|kik|discord"
    r"|facetime|facetime-audio|mailto):(?://)?[^\s\"'<>]+"
    r"|(?:tel|sms):\+?\d[^\s\"'<>]*"  # not the Swedish verb "sms:a"
    r"|live:[.\w\-]{4,}"
    r")"
)

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

# Country codes written as a word that opens a sentence: "Thanks.PS the charger is in the box".
_SENTENCE_OPENING_TLDS = frozenset({"PS"})

# Hosts of messenger links ("wa.me/33…", "t.me/shop"): links even without a path, and even when their
# dot is written out in a market language ("wa point me", ``emails``).
MESSENGER_HOSTS = frozenset({"wa.me", "t.me", "m.me", "ig.me", "signal.me", "viber.me", "telegram.me", "snapchat.com"})


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
        chunk = text[base : space.start() if space else len(text)].rstrip(_CLAUSE_PUNCTUATION)
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
            if explicit or not _not_a_bare_host(url, host):
                flagged.append(span)
    return flagged, passed


def capitalised(word: str) -> bool:
    """Whether ``word`` is written as a word that opens a sentence ("Best", "Es", "It")."""
    return word[:1].isupper() and word[1:].islower()


def _not_a_bare_host(url: str, host: str) -> bool:
    """Whether a host written bare (no scheme, "www." or path) is something else than a web address:
    a version ("2.3.4.5"), a full stop without its space ("today.Best", "Thanks.PS"), a file
    ("archive.zip"), an abbreviation ("Org.nr", "m.in.", "C.so", "m.st.")."""
    labels = host.split(".")
    tld = labels[-1]
    written_tld = url.rstrip("/").rsplit(".", 1)[-1]
    return bool(
        _IPV4.match(host)
        or capitalised(written_tld)
        or written_tld in _SENTENCE_OPENING_TLDS
        or (len(tld) != 2 and tld not in _BARE_GENERIC_TLDS and not tld.startswith("xn--") and tld.isascii())
        or tld in _ABBREVIATION_TLDS
        or (len(labels) == 2 and len(labels[0]) == 1 and len(tld) == 2 and host not in MESSENGER_HOSTS)
    )


def _app_link_spans(text: str) -> list[tuple[int, int]]:
    """Spans of messenger and call links and Skype ids (``text`` in lower case), without the
    punctuation that ends the sentence after them."""
    if ":" not in text:
        return []
    spans = []
    for link in _APP_LINK.finditer(text):
        end = link.end()
        while end > link.start() and text[end - 1] in ".,;:!?)":
            end -= 1
        if text[link.start() : end].partition(":")[2].strip("/") not in NOT_HANDLES:
            spans.append((link.start(), end))  # not a checklist's "WhatsApp:OK", "FaceTime:OK"
    return spans
