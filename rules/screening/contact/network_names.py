"""The names of the messenger and social networks (R2.1) that ``brands`` scans for: names that mean
the network and nothing else, as roots with their inflected, slang and Greek-script spellings
("Telegramissa", "wacap", "Τέλεγκραμ"); short names that begin ordinary words ("insta"); "Signal",
also an ordinary word; weak names (abbreviations and ordinary words: "fb", "snap", "messenger"); and
the case endings each kind may take.

Why a module of its own: a new network or a new spelling of one is added here and nowhere else; the
words around a name are in ``contact_verbs`` and ``invitation_words`` (an invitation before it),
``handle_words`` (a handle or a label after it), ``prose_handle_words`` and ``page_name_words``.
Data only; every entry is lower case, as the reply is read lower-cased."""

from __future__ import annotations

# Every name and root begins with a plain letter (no class, no group): then the scan's alternation
# has a set of first characters and skips the other positions at once (``re`` prefix optimisation).
# Names that mean the network and nothing else. The scan lets a case ending of up to four letters
# follow ("WhatsAppissa", "Instagramie", "Telegramu", "Skypessä", "skypen"), so only roots are listed;
# Greek spellings take any accent ("Τέλεγκραμ", "τελεγκραμ", "ΤΕΛΕΓΚΡΑΜ" all read "τέλεγκραμ" or so).
FULL_BRANDS = (
    r"whats[\s\-]?app",
    "watsapp",
    "whatsap",
    r"w[aä]ts[aä]p",  # "watsap", fi slang "wätsäp"
    r"was[aá]pp?",  # es "wasap"
    r"guas[aá]pp?",  # es "guasap"
    "wacap",  # pl slang
    r"t[eé]l[eé]gram",  # fr "Télégram", de "Telegramm"
    "viber",
    r"we[\s\-]?chat",
    "weixin",
    "skyp",  # "Skype", pl "na Skypie", nl "skypen"
    "snapchat",
    "instagram",
    "facebook",
    "fejsbuk",  # pl
    "twitter",
    r"tik[\s\-]?tok",
    r"linked[\s\-]?in",
    "discord",  # pl "na Discordzie"
    "threema",
    # Greek script
    r"τ[εέ]λ[εέ]γκρ[αά]μ",
    r"σκ[αά][ιίϊΐ]π",
    r"β[αά]τσ[αά]π",
    r"γου[αάοό]τσ[αά]π",
    r"ου[αάοό]τσ[αά]π",
    r"β[αά][ιίϊΐ]μπ[εέ]ρ",
    r"φ[εέ][ιίϊΐ][σς][\s\-]?μπ[οό][υύ]κ",
    r"ινστ[αά]γκρ[αά]μ",
    r"ίνστ[αά]γκρ[αά]μ",
    r"τ[ιί]κ[\s\-]?τ[οό]κ",
    r"σν[αά]πτσ[αά]τ",
    r"σ[ιί]γκν[αά]λ",
    r"μ[εέ]σ[εέ]ντζ[εέ]ρ",
    r"λ[ιί]νκ[εέ]ντ[ιί]ν",
)

# Short names that are the network's as they stand, but begin ordinary words ("installer",
# "instant", "instan"): only the listed case endings may follow.
SHORT_BRANDS = ("insta", r"ινστ[αά]", r"ίνστ[αά]", "微信")
# Only Finnish endings that begin no ordinary word: "installe"/"installa" (fr, it) and "instaan" (nl) pass.
SHORT_SUFFIXES = ("ssa", "ssä", "sta", "stä")

# "Signal" is also an ordinary word (en, de, fr, nl, sv: "Signal strength", "le signal est faible"):
# alone it counts only with an invitation or a named handle. With a case ending of another language
# it is the messenger ("Signalissa", "na Signalu"), as no market's ordinary word is spelled so.
SIGNAL_SUFFIXES = ("u", "em", "issa", "issä", "ista", "istä", "iin", "illa", "illä", "ille", "ia")

# Weak names: abbreviations and words with an ordinary meaning ("snap-on case", "messenger bag",
# fb/ig in codes): they need an invitation, a label or a handle introduced as a name.
WEAK_BRANDS = ("ig", "fb", "wa", "tg", r"σν[αά]π")

# Weak names that take case endings: "na Snapie", "Snäpissä", "snappa mig", "na Messengerze",
# "Messengerissä", "na Fejsie" (pl slang for Facebook). Not "-pen": "snappen" is Dutch for "understand".
INFLECTED_WEAK_BRANDS = (r"sn[aä]pp?", "messenger", "fejs")
WEAK_SUFFIXES = ("pa", "ie", "ze", "a") + SIGNAL_SUFFIXES
