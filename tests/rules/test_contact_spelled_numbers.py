"""R2.1 off-platform contact, issue 21 point 6: phone numbers spelled out with hundreds, tens,
repeated digits ("double huit"), a spoken "plus" before the country code and Greeklish digits are
found in every market language; quantities and prices written in words pass.

The replies are written for this file (none is copied from the evasion corpus) around numbers
that ``phonenumbers`` holds valid for the market. Expected findings are written from the reply
itself (``reply.index(quote)``), and every finding must quote the reply exactly
(``finding.text == reply[finding.start:finding.end]``): the seller is shown that text.
"""

from __future__ import annotations

import pytest
from contact_checks import check, only

from rules.screening.contact.number_words import _Normalised

# -- hundreds -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("market", "reply", "quote"),
    [
        (
            "FR",
            "Mon portable : zéro six, trois cent douze, quarante-sept, quatre-vingt-dix-huit, cinq. Merci.",
            "zéro six, trois cent douze, quarante-sept, quatre-vingt-dix-huit, cinq",
        ),
        (
            "DE",
            "Erreichbar unter null eins sieben zwei, vierhundertsechsundfünfzig, dreiundzwanzig, achtzehn.",
            "null eins sieben zwei, vierhundertsechsundfünfzig, dreiundzwanzig, achtzehn",
        ),
        (
            "NL",
            "Mijn nummer: nul zes, driehonderdtwaalf, vierhonderdachtenvijftig, vierennegentig. Groetjes",
            "nul zes, driehonderdtwaalf, vierhonderdachtenvijftig, vierennegentig",
        ),
        (
            "ES",
            "Escríbeme al seiscientos cuarenta y cinco, trescientos doce, ochocientos noventa.",
            "seiscientos cuarenta y cinco, trescientos doce, ochocientos noventa",
        ),
        (
            "IT",
            "Chiamami al trecentoquaranta, settecentododici, cinquantasei, trentotto, grazie.",
            "trecentoquaranta, settecentododici, cinquantasei, trentotto",
        ),
        (
            "PT",
            "Ligue-me: novecentos e doze, trezentos e quarenta e cinco, seiscentos e setenta e oito.",
            "novecentos e doze, trezentos e quarenta e cinco, seiscentos e setenta e oito",
        ),
        (
            "GB",
            "Ring me on oh seven seven one two, six hundred and forty, three hundred and eighteen please.",
            "oh seven seven one two, six hundred and forty, three hundred and eighteen",
        ),
        (
            "SE",
            "Du når mig på noll sju noll, femhundratjugotre, fyrtiofem, sextiosju.",
            "noll sju noll, femhundratjugotre, fyrtiofem, sextiosju",
        ),
        (
            "FI",
            "Soita: nolla neljä nolla, viisisataakaksitoista, kolmekymmentäneljä, viisikymmentäkuusi.",
            "nolla neljä nolla, viisisataakaksitoista, kolmekymmentäneljä, viisikymmentäkuusi",
        ),
        (
            "GR",
            "Κινητό: εξακόσια ενενήντα επτά, τετρακόσια δώδεκα, τριάντα τέσσερα, πενήντα έξι.",
            "εξακόσια ενενήντα επτά, τετρακόσια δώδεκα, τριάντα τέσσερα, πενήντα έξι",
        ),
        (
            "PL",
            "Mój numer to pięćset dwanaście, trzysta czterdzieści pięć, sześćset siedemdziesiąt osiem.",
            "pięćset dwanaście, trzysta czterdzieści pięć, sześćset siedemdziesiąt osiem",
        ),
        (
            "PL",
            "Mój numer to PIĘĆSET DWANAŚCIE, TRZYSTA CZTERDZIEŚCI PIĘĆ, SZEŚĆSET SIEDEMDZIESIĄT OSIEM.",
            "PIĘĆSET DWANAŚCIE, TRZYSTA CZTERDZIEŚCI PIĘĆ, SZEŚĆSET SIEDEMDZIESIĄT OSIEM",
        ),
        (
            "PL",
            "Moj numer to piecset dwanascie, trzysta czterdziesci piec, szescset siedemdziesiat osiem.",
            "piecset dwanascie, trzysta czterdziesci piec, szescset siedemdziesiat osiem",
        ),
    ],
)
def test_phone_numbers_spelled_in_hundreds_are_found(market: str, reply: str, quote: str) -> None:
    only(reply, quote, market)


# -- tens in Finnish, Greek and Polish ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("market", "reply", "quote"),
    [
        (
            "FI",
            "Numero on nolla neljä nolla, kaksitoista, kolmekymmentäneljä, viisikymmentäkuusi, seitsemän.",
            "nolla neljä nolla, kaksitoista, kolmekymmentäneljä, viisikymmentäkuusi, seitsemän",
        ),
        (  # spoken Finnish: "kakstoist", "kolkytnel", "viiskytkuus"
            "FI",
            "Soita nolla nelkytnolla? Ei: nolla neljä nolla, kakstoist, kolkytneljä, viiskytkuus, seiska.",
            "nolla neljä nolla, kakstoist, kolkytneljä, viiskytkuus, seiska",
        ),
        (  # Greek with οχτώ/εφτά/εννιά and without accents
            "GR",
            "Πάρε με: εξι εννια τεσσερα, πενηντα πεντε, εβδομηντα δυο, δεκαοχτώ, εννιά.",
            "εξι εννια τεσσερα, πενηντα πεντε, εβδομηντα δυο, δεκαοχτώ, εννιά",
        ),
        (
            "PL",
            "Proszę pisać: pięć zero jeden, siedemdziesiąt siedem, osiemdziesiąt trzy, dwadzieścia dwa.",
            "pięć zero jeden, siedemdziesiąt siedem, osiemdziesiąt trzy, dwadzieścia dwa",
        ),
    ],
)
def test_phone_numbers_spelled_in_tens_are_found_in_finnish_greek_and_polish(
    market: str, reply: str, quote: str
) -> None:
    only(reply, quote, market)


# -- a repeated digit -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("market", "reply", "quote"),
    [
        (
            "FR",
            "Texto au zéro six, double sept, vingt-quatre, soixante et onze, trente-huit.",
            "zéro six, double sept, vingt-quatre, soixante et onze, trente-huit",
        ),
        (
            "DE",
            "Null eins fünf eins, doppel-vier, siebenundsechzig, zwölf, neunzig – bis später.",
            "Null eins fünf eins, doppel-vier, siebenundsechzig, zwölf, neunzig",
        ),
        (
            "NL",
            "Bel me: nul zes, dubbel drie, zevenenveertig, vijftien, eenentachtig.",
            "nul zes, dubbel drie, zevenenveertig, vijftien, eenentachtig",
        ),
        (
            "ES",
            "Llámame al seis uno siete, doble ocho, treinta y cuatro, cincuenta y dos.",
            "seis uno siete, doble ocho, treinta y cuatro, cincuenta y dos",
        ),
        (
            "IT",
            "Scrivimi al tre quattro sette, doppio cinque, ventidue, ottantuno, sei.",
            "tre quattro sette, doppio cinque, ventidue, ottantuno, sei",
        ),
        (
            "PT",
            "Contacto: nove um seis, dois zeros, quarenta e três, vinte e um.",
            "nove um seis, dois zeros, quarenta e três, vinte e um",
        ),
        (
            "PT",
            "Contacto: nove três sete, duplo quatro, cinquenta e dois, dezoito.",
            "nove três sete, duplo quatro, cinquenta e dois, dezoito",
        ),
        (
            "GB",
            "It's oh seven seven double one, triple four, two eight five after six.",
            "oh seven seven double one, triple four, two eight five",
        ),
        (
            "SE",
            "Sms:a noll sju tre, dubbel sex, åttio, tolv, nio.",
            "noll sju tre, dubbel sex, åttio, tolv, nio",
        ),
        (
            "FI",
            "Tekstaa: nolla viisi nolla, tupla kolme, neljäkymmentäkaksi, yksitoista, yhdeksän.",
            "nolla viisi nolla, tupla kolme, neljäkymmentäkaksi, yksitoista, yhdeksän",
        ),
        (
            "GR",
            "Στείλε στο έξι εννέα τέσσερα, διπλό πέντε, εβδομήντα δύο, δεκαοκτώ, εννιά.",
            "έξι εννέα τέσσερα, διπλό πέντε, εβδομήντα δύο, δεκαοκτώ, εννιά",
        ),
        (
            "PL",
            "Dzwoń: pięć zero jeden, podwójne siedem, osiemdziesiąt trzy, dwadzieścia dwa.",
            "pięć zero jeden, podwójne siedem, osiemdziesiąt trzy, dwadzieścia dwa",
        ),
    ],
)
def test_phone_numbers_with_a_repeated_digit_are_found(market: str, reply: str, quote: str) -> None:
    only(reply, quote, market)


# -- "plus" before a spelled country code ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("market", "reply", "quote"),
    [
        (
            "FR",
            "Depuis l'étranger : plus trente-trois, six, douze, quarante-huit, soixante-dix, vingt-cinq.",
            "plus trente-trois, six, douze, quarante-huit, soixante-dix, vingt-cinq",
        ),
        (
            "DE",
            "Aus dem Ausland: plus neunundvierzig, eins sieben zwei, vierhundertsechsundfünfzig, dreiundzwanzig, achtzehn.",
            "plus neunundvierzig, eins sieben zwei, vierhundertsechsundfünfzig, dreiundzwanzig, achtzehn",
        ),
        (
            "NL",
            "Vanuit het buitenland: plus eenendertig, zes, twaalf, vierendertig, zesenvijftig, achtenzeventig.",
            "plus eenendertig, zes, twaalf, vierendertig, zesenvijftig, achtenzeventig",
        ),
        (
            "ES",
            "Desde fuera: más treinta y cuatro, seiscientos cuarenta y cinco, trescientos doce, ochocientos noventa.",
            "más treinta y cuatro, seiscientos cuarenta y cinco, trescientos doce, ochocientos noventa",
        ),
        (
            "IT",
            "Dall'estero: più trentanove, trecentoquaranta, settecentododici, cinquantasei, trentotto.",
            "più trentanove, trecentoquaranta, settecentododici, cinquantasei, trentotto",
        ),
        (
            "PT",
            "Do estrangeiro: mais trezentos e cinquenta e um, novecentos e doze, trezentos e quarenta e cinco, "
            "seiscentos e setenta e oito.",
            "mais trezentos e cinquenta e um, novecentos e doze, trezentos e quarenta e cinco, "
            "seiscentos e setenta e oito",
        ),
        (
            "GB",
            "From abroad: plus four four, seven seven one two, six hundred and forty, three hundred and eighteen.",
            "plus four four, seven seven one two, six hundred and forty, three hundred and eighteen",
        ),
        (
            "SE",
            "Från utlandet: plus fyrtiosex, sjuttio, femhundratjugotre, fyrtiofem, sextiosju.",
            "plus fyrtiosex, sjuttio, femhundratjugotre, fyrtiofem, sextiosju",
        ),
        (
            "FI",
            "Ulkomailta: plus kolmesataaviisikymmentäkahdeksan, neljäkymmentä, viisisataakaksitoista, "
            "kolmekymmentäneljä, viisikymmentäkuusi.",
            "plus kolmesataaviisikymmentäkahdeksan, neljäkymmentä, viisisataakaksitoista, "
            "kolmekymmentäneljä, viisikymmentäkuusi",
        ),
        (
            "GR",
            "Από το εξωτερικό: συν τριάντα, εξακόσια ενενήντα επτά, τετρακόσια δώδεκα, τριάντα τέσσερα, πενήντα έξι.",
            "συν τριάντα, εξακόσια ενενήντα επτά, τετρακόσια δώδεκα, τριάντα τέσσερα, πενήντα έξι",
        ),
        (
            "PL",
            "Z zagranicy: plus czterdzieści osiem, pięćset dwanaście, trzysta czterdzieści pięć, "
            "sześćset siedemdziesiąt osiem.",
            "plus czterdzieści osiem, pięćset dwanaście, trzysta czterdzieści pięć, sześćset siedemdziesiąt osiem",
        ),
    ],
)
def test_plus_before_a_spelled_country_code_is_read_as_plus(market: str, reply: str, quote: str) -> None:
    only(reply, quote, market)


# -- Greeklish, and words mixed with digits -------------------------------------------------------------


def test_greeklish_digits_in_a_run_are_found() -> None:
    reply = "Kalese me: eksi enia efta, tessera ena dyo, tria tessera pente eksi. Efharisto!"
    only(reply, "eksi enia efta, tessera ena dyo, tria tessera pente eksi", "GR")


def test_a_bare_hundred_word_before_spelled_digits_is_not_a_hundred() -> None:
    # Greeklish "sto" is "at the"; read as Polish "sto" (100) it would spoil the number.
    reply = "Pare me sto exi enia efta, tessera ena dyo, tria tessera pente exi."
    only(reply, "exi enia efta, tessera ena dyo, tria tessera pente exi", "GR")


@pytest.mark.parametrize(
    ("market", "reply", "quote"),
    [
        (
            "DE",
            "Mein Handy: 0172 vierhundertsechsundfünfzig 23 achtzehn.",
            "0172 vierhundertsechsundfünfzig 23 achtzehn",
        ),
        ("ES", "Mi móvil: 645 trescientos doce 890.", "645 trescientos doce 890"),
        ("PL", "Tel. 512 trzysta czterdzieści pięć 678", "512 trzysta czterdzieści pięć 678"),
    ],
)
def test_words_mixed_with_digits_are_found(market: str, reply: str, quote: str) -> None:
    only(reply, quote, market)


# -- quantities and prices in words pass -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("market", "reply"),
    [
        ("GB", "The repair is three hundred euros, or three hundred and fifty pounds with the new screen."),
        ("GB", "I have two hundred phones, three hundred cases and four hundred chargers in stock."),
        ("GB", "Double check the box: it says one hundred percent battery, double six on the label."),
        ("FR", "Le prix est de deux cents euros, trois ans de garantie, livraison en deux à trois jours."),
        ("FR", "Il reste deux cents, trois cents ou quatre cents pièces, plus trois jours de délai."),
        ("FR", "Une pente de dix pour cent, cent fois, en double exemplaire."),
        ("DE", "Das Gerät wiegt zweihundert Gramm und kostet dreihundertneunundneunzig Euro."),
        ("DE", "Hundert Prozent Akku, zwei Jahre Garantie, doppelt verpackt."),
        ("NL", "Het kost driehonderdnegenenveertig euro en de batterij is honderd procent."),
        ("NL", "Honderd en vijftig euro, dubbel verpakt, binnen twee dagen."),
        ("ES", "Cuesta seiscientos cincuenta euros y la garantía es de dos años; cien por cien original."),
        ("IT", "Costa trecentonovantanove euro, batteria al cento per cento, sto arrivando."),
        ("IT", "Grazie a Dio, la tessera è pronta: tre giorni e arriva."),
        ("PT", "Custa quinhentos e noventa e nove euros, mais dois dias para a entrega."),
        ("PT", "Mas dois zeros a mais no preço seria demais: cem euros chega."),
        ("SV", "Den kostar niohundra kronor och väger hundrasjuttiotvå gram."),
        ("FI", "Puhelin maksaa kolmesataa euroa, akku sata prosenttia, kaksi vuotta takuuta."),
        ("GR", "Κοστίζει τετρακόσια ευρώ, εγγύηση δύο χρόνια, εκατό τοις εκατό μπαταρία."),
        ("PL", "Telefon kosztuje sześćset złotych, a etui dwieście czterdzieści złotych."),
        ("PL", "Sto procent baterii, dwa lata gwarancji, sześćset gramów z pudełkiem."),
        ("GR", "Ena kinito, dio thikes kai pente kalodia: ola mazi."),
    ],
)
def test_quantities_and_prices_in_words_pass(market: str, reply: str) -> None:
    if market == "SV":
        market = "SE"
    for where in {market, "FR", "IT", "PL", "ES"}:
        assert check(reply, where) == [], where


# -- what the normaliser reads ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("dreihundertvierundachtzig", "384"),
        ("hundertundeins", "101"),
        ("vierhonderdeenenzestig", "461"),
        ("trecentotrentanove centottantaquattro", "339 184"),
        ("novecentos e trinta e seis", "936"),
        ("etthundratjugotre", "123"),
        ("kahdeksansataakaksikymmentäyhdeksän", "829"),
        ("seitkytyks kuuskytkaks", "71 62"),
        ("εξακόσια ενενήντα οχτώ", "698"),
        ("sześćset jeden", "601"),
        ("three hundred and twelve", "312"),
        ("deux-cent-douze", "212"),
        ("cent zéro six", "cent 0 6"),
        ("cent six", "106"),
        ("sto exi enia tessera", "sto 6 9 4"),
        ("seven triple three", "7 333"),
        ("dois zeros", "00"),
        ("plus four four", "+4 4"),
        ("plus zéro six", "plus 0 6"),
    ],
)
def test_spelled_numbers_are_read_as_their_digits(written: str, read: str) -> None:
    assert _Normalised(written, written.lower()).text == read
