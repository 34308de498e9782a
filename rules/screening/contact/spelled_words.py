"""Numbers written out in words (R2.1) in the market languages: digits, teens, tens and hundreds, the
words that join or repeat them, "plus" before a country code and Greeklish digits. ``number_tables``
builds its tables from them, ``number_words`` reads the reply with those. The words after a number
that make it a price or a quantity are in ``quantity_words``. Data only."""

from __future__ import annotations

# Digits 0-9 in every market language (Finnish also as spoken: "yks", "kaks", "viis", "seiska",
# "ysi"). A word that is also an everyday word (an article, "new", "you are", "due") is ambiguous
# (``number_words``): it counts only next to another spelled-out number.
UNITS: dict[str, tuple[str, ...]] = {
    "0": ("zero", "zéro", "null", "nul", "cero", "noll", "nolla", "μηδέν", "μηδεν", "nought"),
    "1": ("one", "eins", "uno", "yksi", "yks", "jeden", "jedna", "jedno"),
    "2": (
        "two",
        "deux",
        "zwei",
        "zwo",
        "twee",
        "dos",
        "dois",
        "duas",
        "två",
        "tva",
        "kaksi",
        "kaks",
        "δύο",
        "δυο",
        "dwa",
        "dwie",
    ),
    "3": ("three", "trois", "drei", "drie", "tres", "três", "tre", "kolme", "τρία", "τρια", "τρεις", "trzy"),
    "4": (
        "four",
        "quatre",
        "vier",
        "cuatro",
        "quattro",
        "quatro",
        "fyra",
        "neljä",
        "nelja",
        "τέσσερα",
        "τεσσερα",
        "cztery",
    ),
    "5": (
        "five",
        "cinq",
        "fünf",
        "fuenf",
        "funf",
        "vijf",
        "cinco",
        "cinque",
        "fem",
        "viisi",
        "viis",
        "πέντε",
        "πεντε",
        "pięć",
        "piec",
    ),
    "6": ("six", "sechs", "zes", "seis", "sex", "kuusi", "kuus", "έξι", "εξι", "sześć", "szesc"),
    "7": (
        "seven",
        "sept",
        "sieben",
        "zeven",
        "siete",
        "sette",
        "sete",
        "sju",
        "seitsemän",
        "seitseman",
        "seittemän",
        "seiska",
        "επτά",
        "εφτά",
        "επτα",
        "εφτα",
        "siedem",
    ),
    "8": (
        "eight",
        "huit",
        "acht",
        "ocho",
        "otto",
        "oito",
        "åtta",
        "atta",
        "kahdeksan",
        "οκτώ",
        "οχτώ",
        "οκτω",
        "οχτω",
        "osiem",
    ),
    "9": (
        "nine",
        "neun",
        "negen",
        "nueve",
        "nove",
        "nio",
        "yhdeksän",
        "yhdeksan",
        "ysi",
        "εννέα",
        "εννιά",
        "εννεα",
        "εννια",
        "dziewięć",
        "dziewiec",
    ),
}

# Digit names 1-9 in Finnish, as its tens and hundreds are built from them; the teens and round tens
# of Greek and Polish (the rest is composed: "ενενήντα οχτώ", "czterdzieści siedem").
FINNISH_DIGITS: tuple[tuple[str, ...], ...] = (
    ("yksi",),
    ("kaksi",),
    ("kolme",),
    ("neljä",),
    ("viisi",),
    ("kuusi",),
    ("seitsemän",),
    ("kahdeksan",),
    ("yhdeksän",),
)

# Spoken Finnish: the stem of a tens word before "kyt" ("kuuskyt", "seiskyt"; "seitkytyks" is 71),
# and the spoken digits that make teens ("kakstoista", "kasitoist").
FINNISH_SPOKEN_TENS: tuple[tuple[str, ...], ...] = (
    ("kaks",),
    ("kol", "kolme"),
    ("nel", "neljä"),
    ("viis",),
    ("kuus",),
    ("seit", "seis", "seitsemän"),
    ("kasi", "kahdeksan"),
    ("ysi", "yhdeksän"),
)

FINNISH_SPOKEN_DIGITS: tuple[tuple[str, ...], ...] = (
    ("yks",),
    ("kaks",),
    (),
    (),
    ("viis",),
    ("kuus",),
    ("seittemän",),
    ("kasi",),
    ("ysi",),
)

GREEK_TEENS: tuple[tuple[str, ...], ...] = (
    ("δέκα",),
    ("έντεκα",),
    ("δώδεκα",),
    ("δεκατρία",),
    ("δεκατέσσερα",),
    ("δεκαπέντε",),
    ("δεκαέξι", "δεκάξι"),
    ("δεκαεπτά", "δεκαεφτά"),
    ("δεκαοκτώ", "δεκαοχτώ"),
    ("δεκαεννέα", "δεκαεννιά"),
)

GREEK_TENS = ("είκοσι", "τριάντα", "σαράντα", "πενήντα", "εξήντα", "εβδομήντα", "ογδόντα", "ενενήντα")

POLISH_TEENS: tuple[tuple[str, ...], ...] = (
    ("dziesięć",),
    ("jedenaście",),
    ("dwanaście",),
    ("trzynaście",),
    ("czternaście",),
    ("piętnaście",),
    ("szesnaście",),
    ("siedemnaście",),
    ("osiemnaście",),
    ("dziewiętnaście",),
)

POLISH_TENS = (
    "dwadzieścia",
    "trzydzieści",
    "czterdzieści",
    "pięćdziesiąt",
    "sześćdziesiąt",
    "siedemdziesiąt",
    "osiemdziesiąt",
    "dziewięćdziesiąt",
)

# Hundreds written as a digit name and the word for "hundred": "trois cents", "three hundred",
# "dreihundert", "vierhonderd", "niohundra", "kaksisataa", "trecento". Per language: the forms of
# 100 (the first is the bare word, which is also an everyday word: it counts only with the rest
# of a number, "cent douze"), the word after a digit 2-9, what joins them ("" also allows a space: "drei
# hundert"), and the digit names 2-9 (one tuple of spellings each).
HUNDRED_AFTER_DIGIT: dict[str, tuple[tuple[str, ...], tuple[str, ...], str, tuple[tuple[str, ...], ...]]] = {
    "fr": (
        ("cent",),
        ("cents", "cent"),
        " ",
        (("deux",), ("trois",), ("quatre",), ("cinq",), ("six",), ("sept",), ("huit",), ("neuf",)),
    ),
    "en": (
        ("hundred", "one hundred"),
        ("hundred",),
        " ",
        (("two",), ("three",), ("four",), ("five",), ("six",), ("seven",), ("eight",), ("nine",)),
    ),
    "de": (
        ("hundert", "einhundert"),
        ("hundert",),
        "",
        (("zwei",), ("drei",), ("vier",), ("fünf", "fuenf"), ("sechs",), ("sieben",), ("acht",), ("neun",)),
    ),
    "nl": (
        ("honderd", "eenhonderd"),
        ("honderd",),
        "",
        (("twee",), ("drie",), ("vier",), ("vijf",), ("zes",), ("zeven",), ("acht",), ("negen",)),
    ),
    "sv": (
        ("hundra", "etthundra"),
        ("hundra",),
        "",
        (("två",), ("tre",), ("fyra",), ("fem",), ("sex",), ("sju",), ("åtta",), ("nio",)),
    ),
    "fi": (("sata",), ("sataa",), "", FINNISH_DIGITS[1:]),
    "it": (
        ("cento",),
        ("cento",),
        "",
        (("due",), ("tre",), ("quattro",), ("cinque",), ("sei",), ("sette",), ("otto",), ("nove",)),
    ),
}

# Italian drops the "o" of "cento" before a vowel: "centottanta", "trecentuno" (never alone).
HUNDRED_ELIDED: dict[str, str] = {"cento": "cent"}

# Hundreds with their own names, 100 to 900 (the first form of 100 is the bare word, as above).
HUNDRED_WORDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "es": (
        ("cien", "ciento"),
        ("doscientos", "doscientas"),
        ("trescientos", "trescientas"),
        ("cuatrocientos", "cuatrocientas"),
        ("quinientos", "quinientas"),
        ("seiscientos", "seiscientas"),
        ("setecientos", "setecientas"),
        ("ochocientos", "ochocientas"),
        ("novecientos", "novecientas"),
    ),
    "pt": (
        ("cem", "cento"),
        ("duzentos", "duzentas"),
        ("trezentos", "trezentas"),
        ("quatrocentos", "quatrocentas"),
        ("quinhentos", "quinhentas"),
        ("seiscentos", "seiscentas"),
        ("setecentos", "setecentas"),
        ("oitocentos", "oitocentas"),
        ("novecentos", "novecentas"),
    ),
    "el": (
        ("εκατό", "εκατόν"),
        ("διακόσια",),
        ("τριακόσια",),
        ("τετρακόσια",),
        ("πεντακόσια",),
        ("εξακόσια",),
        ("επτακόσια", "εφτακόσια"),
        ("οκτακόσια", "οχτακόσια"),
        ("εννιακόσια", "εννεακόσια"),
    ),
    "pl": (
        ("sto",),
        ("dwieście",),
        ("trzysta",),
        ("czterysta",),
        ("pięćset",),
        ("sześćset",),
        ("siedemset",),
        ("osiemset",),
        ("dziewięćset",),
    ),
}

# Forms of 100 that only ever come before the rest of the number: "ciento doce", "εκατόν είκοσι".
HUNDRED_BEFORE_TAIL_ONLY = ("ciento", "εκατόν")

# What joins a hundred to its tens besides a space or nothing: "three hundred and twelve",
# "novecentos e trinta", "hundertundeins".
HUNDRED_JOINTS = ("and", "e", "und")

HUNDRED_GLUED_JOINTS = ("und",)

# The word before a digit that says it comes twice or three times: "double huit" (88),
# "doppel-drei", "dubbel één", "doble cero", "doppio zero", "dubbel-fem", "triple three".
REPEATED_DIGIT: dict[int, tuple[str, ...]] = {
    2: (
        "double",
        "doppel",
        "doppelt",
        "doppelte",
        "dubbel",
        "dubbele",
        "doble",
        "doppio",
        "doppia",
        "duplo",
        "dupla",
        "dubbla",
        "tupla",
        "διπλό",
        "podwójne",
        "podwójna",
        "podwójny",
    ),
    3: ("triple", "tripel", "trippel", "triplo", "tripla", "τριπλό", "potrójne", "potrójna", "potrójny"),
}

# Zero in the plural, after "two"/"three" in any market language: "dois zeros", "deux zéros",
# "zwei Nullen", "due zeri", "två nollor", "kaksi nollaa", "δύο μηδενικά", "dwa zera".
ZEROS = ("zéros", "zeros", "zeroes", "noughts", "nullen", "ceros", "zeri", "nollor", "nollaa", "μηδενικά", "zera")

# "Plus" read aloud before a spelled country code: "plus trente-trois", "más treinta y cuatro",
# "mais trezentos e cinquenta e um", "più trentanove", "συν τριάντα".
PLUS_WORDS = ("plus", "más", "mas", "mais", "più", "συν")

# Digits in Greeklish (Greek in Latin letters): "eksi enia pente". Many are everyday words of
# other languages ("pente", "dio", "tessera", "ena"): they count only in a run of spelled numbers.
GREEKLISH_DIGITS: dict[str, tuple[str, ...]] = {
    "0": ("miden", "mhden", "mithen"),
    "1": ("ena", "enas"),
    "2": ("dyo", "dio", "duo"),
    "3": ("tria", "tris"),
    "4": ("tessera", "tesera", "tessara"),
    "5": ("pente", "pende"),
    "6": ("eksi", "exi", "eksh", "exh"),
    "7": ("efta", "epta"),
    "8": ("okto", "oxto", "ochto", "ohto", "oktw", "oxtw"),
    "9": ("enia", "ennia", "ennea", "enea", "ennya", "enya"),
}
