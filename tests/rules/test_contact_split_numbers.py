"""R2.1 off-platform contact: a phone number given in pieces across words, sentences and lines
(issue 21, point 4; ``rules/screening/contact/split_numbers.py``).

Every example here is written for this file (none is copied from the corpora). Expected findings
are written from the reply itself (``reply.index(quote)``), and every finding must quote the reply
exactly (``text == reply[start:end]``): the seller is shown that text (R2).
"""

from __future__ import annotations

import pytest
from contact_checks import check, found

from rules.screening.contact.number_labels import counts_up
from rules.screening.contact.split_numbers import _split_phone_spans

# -- numbers given in pieces are found, quoted from the first piece to the last --------------------


@pytest.mark.parametrize(
    ("market", "reply", "quote"),
    [
        # across sentences, with and without a "then" word
        (
            "FR",
            "Mon 06 c'est pour les intimes... bon : 06 83. Et ensuite 27 41 95, voilà.",
            "06 83. Et ensuite 27 41 95",
        ),
        ("AT", "Meine Nummer beginnt mit 0664. Weiter geht es mit 382 19 47.", "0664. Weiter geht es mit 382 19 47"),
        ("NL", "Begin: 010. Vervolg: 452 83 91.", "010. Vervolg: 452 83 91"),
        ("FI", "Numero: 040. Jatko: 712 8394.", "040. Jatko: 712 8394"),
        ("GB", "Ring me: 07811. Then 900. Then 461.", "07811. Then 900. Then 461"),
        # area code, then the rest with connectors in the market's language
        ("DE", "Handy: erst 0157, dann 382 und dann 19 46 7.", "0157, dann 382 und dann 19 46 7"),
        ("DE", "Zuerst die Vorwahl 089, danach 2349 und 8716.", "089, danach 2349 und 8716"),
        ("NL", "Eerst 06, dan 27, dan 48 en dan 19 36.", "06, dan 27, dan 48 en dan 19 36"),
        ("ES", "Apúntate: 655, después 193 y luego 847.", "655, después 193 y luego 847"),
        ("ES", "Mi fijo es el 93, luego 412 y después 56 78.", "93, luego 412 y después 56 78"),
        ("PT", "Começa por 961, segue-se 274 e depois 853.", "961, segue-se 274 e depois 853"),
        ("IE", "Mobile is 083 then 416 then 2957.", "083 then 416 then 2957"),
        ("US", "Text me, area code 212, then 555 and 0148.", "212, then 555 and 0148"),
        ("US", "Area code 312, number 846 2975.", "312, number 846 2975"),
        ("SE", "Nummer: 073, sen 612 och 48 90.", "073, sen 612 och 48 90"),
        ("GR", "Κινητό: 697, μετά 418 και 2359.", "697, μετά 418 και 2359"),
        ("PL", "Dzwoń: 502, dalej 381, na końcu 947.", "502, dalej 381, na końcu 947"),
        # the country code first
        ("BE", "Pour la Belgique : +32, puis 470, puis 12 34 56.", "+32, puis 470, puis 12 34 56"),
        ("FR", "Depuis l'étranger : +33. Puis 6 47 18 92 35.", "+33. Puis 6 47 18 92 35"),
        # one group a line
        ("FR", "Notez bien :\n07 52\n48 93\n66\nÀ bientôt.", "07 52\n48 93\n66"),
        ("IT", "Scrivi pure:\n348\n925\n1760", "348\n925\n1760"),
        # an aside in brackets in the middle
        ("IT", "Il numero: 333 (sì, tre volte tre) poi 419 e 2785.", "333 (sì, tre volte tre) poi 419 e 2785"),
        ("PL", "Numer: 22 (Warszawa), potem 594 37 18.", "22 (Warszawa), potem 594 37 18"),
        # the end first
        ("FR", "Les deux derniers chiffres : 44. Avant, il y a 06 31 72 58.", "44. Avant, il y a 06 31 72 58"),
        ("GB", "Last bit is 4892, first bit 07812 33.", "4892, first bit 07812 33"),
    ],
)
def test_a_number_in_pieces_is_found(market: str, reply: str, quote: str) -> None:
    assert found(reply, quote) in check(reply, market)


@pytest.mark.parametrize(
    ("market", "reply", "quote"),
    [
        (
            "FR",
            "Ça finit par 58, le milieu c'est 31 72 et ça commence par 06 44.",
            "58, le milieu c'est 31 72 et ça commence par 06 44",
        ),
        ("DE", "Am Ende steht 4711, in der Mitte 2938 und vorne 0157.", "4711, in der Mitte 2938 und vorne 0157"),
        (
            "US",
            "The middle is 847, it ends with 0148 and it begins with 212.",
            "847, it ends with 0148 and it begins with 212",
        ),
        ("PL", "Koniec to 947, środek 381, a początek 502.", "947, środek 381, a początek 502"),
        ("IT", "Finisce con 5092, in mezzo 714 e inizia con 328.", "5092, in mezzo 714 e inizia con 328"),
    ],
)
def test_three_pieces_in_another_order_are_found_when_the_reply_says_where_each_goes(
    market: str, reply: str, quote: str
) -> None:
    assert check(reply, market) == [found(reply, quote)]


def test_three_numbers_are_not_tried_in_every_order_without_a_word_for_where_they_go() -> None:
    # 698 273 415 would be a Spanish mobile; nothing says the numbers are out of order
    assert check("Tengo 273, 415 y 698.", "ES") == []


@pytest.mark.parametrize(
    ("market", "reply", "quote"),
    [
        # "cifras" (digits) is not the tax number "CIF", "einfach" not "EIN"
        ("ES", "Mi móvil, apunta las cifras: 612, luego 938 y luego 475.", "612, luego 938 y luego 475"),
        ("DE", "Ruf einfach 0157 an, danach 2938 und 4711.", "0157 an, danach 2938 und 4711"),
    ],
)
def test_a_word_that_merely_starts_like_a_short_reference_word_is_no_reference(
    market: str, reply: str, quote: str
) -> None:
    assert check(reply, market) == [found(reply, quote)]


def test_spelled_numbers_between_the_pieces_are_not_digits_of_it() -> None:
    # "six" and "huit" are counts of digits here; the number is 0752 + 48 93 66 (a French mobile)
    reply = "Les quatre chiffres du début : 0752, et les six suivants : 48 93 66. Merci."
    assert check(reply, "FR") == [found(reply, "0752, et les six suivants : 48 93 66")]


def test_the_finding_quotes_what_was_written_in_full_width_digits() -> None:
    reply = "Mon portable : ０６ ４７. La suite : １８ ９２ ３５."
    assert check(reply, "FR") == [found(reply, "０６ ４７. La suite : １８ ９２ ３５")]


def test_without_a_known_market_every_default_region_is_read() -> None:
    reply = "Eerst 06, dan 27, dan 48 en dan 19 36."
    assert check(reply, "") == [found(reply, "06, dan 27, dan 48 en dan 19 36")]


# -- replies with several numbers that are not a phone number pass ----------------------------------


@pytest.mark.parametrize(
    ("market", "reply"),
    [
        # counts, places and units after the numbers
        ("ES", "En 2023 vendimos 698 móviles, 273 tablets y 415 relojes en la tienda."),
        ("IT", "Il mio negozio ha 347 recensioni, 182 vendite e 9364 visite questo mese."),
        ("GR", "Το 2023 πουλήσαμε 694 κινητά, 728 tablet και 3915 αξεσουάρ."),
        ("DE", "Wir haben 030 Exemplare auf Lager, 468 sind reserviert und 912 verkauft."),
        ("FR", "Sur les 06 derniers mois, 47 clients ont acheté ce modèle, dont 18 en 128 Go."),
        ("US", "We shipped 415 phones in March, 837 in April and 2946 so far this year."),
        ("PL", "Mamy 12 sztuk w kolorze czarnym, 394 w białym i 71 w niebieskim."),
        ("IT", "Sede: Via Roma 32, 20121 Milano; magazzino in Via Torino 45, 10121 Torino."),
        ("DE", "Lager: Hauptstraße 123, 04109 Leipzig. Öffnungszeiten 9 bis 18 Uhr."),
        ("ES", "Almacén: Calle Mayor 61, 28013 Madrid. Abrimos de 9 a 14 y de 17 a 20."),
        ("US", "Our store is at 415 Market Street, Suite 200, San Francisco, CA 94105."),
        ("ES", "Disponible en 64, 128 y 256 GB; la batería está al 91 %."),
        ("PT", "Tem 2 anos, 87 % de bateria e 312 ciclos."),
        # times, ranges and short dates
        ("PL", "Sklep czynny pn-pt 9-17, sob 10-14, ndz nieczynne."),
        ("IT", "Orari: lun-ven 9.30-13.00 e 15.30-19.30, sabato 9.30-13.00."),
        ("GR", "Κωδικός προσφοράς 210, ισχύει ως 31/03 και για 938 προϊόντα."),
        ("FR", "Le 06 et le 07 mars, nous serons fermés ; réouverture le 08."),
        # lists after a label, a reference or a price
        ("ES", "Los pedidos 612, 938, 475 y 221 ya están enviados."),
        ("IT", "Gli ordini 347, 182 e 9364 sono partiti oggi."),
        ("ES", "Pedidos pendientes:\n612\n938\n475\nLos enviamos mañana."),
        ("IT", "Ordini in attesa:\n347\n182\n9364"),
        ("PT", "As encomendas 912, 837 e 465 seguiram ontem pelos CTT."),
        ("ES", "El precio final es 612; si lo quieres con funda, 638; con cargador, 675."),
        ("PL", "Cena 601, z etui 647, a z ładowarką 729."),
        ("PT", "O preço é 912, com a capa 937 e com o carregador 965."),
        ("US", "Orders 4158, 3729 and 4612 all left the warehouse on Monday."),
        # products, versions, models, codes
        ("ES", "Tenemos 3 iPhone 12 a 329, 2 iPhone 13 a 429 y 1 iPhone 14 a 599."),
        ("IT", "Modelli 13, 14 e 15 disponibili; il 15 Pro costa 899, il 14 costa 699."),
        ("ES", "Versión 17.4.1, compilación 21E236; la anterior era 17.3.1."),
        ("GR", "Η συσκευή έχει 6,1 ίντσες, 128 GB και μπαταρία 3.279 mAh, 12 μήνες εγγύηση."),
        ("ES", "Los años 2019, 2020, 2021 y 2022 fueron buenos."),
        ("IT", "Abbiamo provato il 3, il 7 e il 12 marzo senza risposta."),
        # lots, units, charge cycles, versions; "vale", "salen", "viene" say a price
        ("ES", "Lotes revisados: 612, 347 y 415."),
        ("PT", "Verifiquei hoje os lotes 912, 345 e 678."),
        ("PL", "Sprawdziłem egzemplarze 512, 340 i 415."),
        ("US", "The units tested were 212, 340 and 4156."),
        ("GR", "Οι κύκλοι φόρτισης είναι 695, 210 και 4378."),
        ("PL", "Wersje: 512, 340 i 415."),
        ("ES", "El de 64 GB vale 629, el de 128 a 689."),
        ("ES", "Los de 128 GB salen a 629, los de 256 a 689."),
        ("IT", "Il nero viene 329, il bianco 2 a 399, il blu 3 a 449."),
    ],
)
def test_several_numbers_that_are_not_a_phone_number_pass(market: str, reply: str) -> None:
    assert check(reply, market) == []


@pytest.mark.parametrize(
    ("market", "reply"),
    [
        # ``phones`` reads "601, 847, 293" as one run (a comma and a space join groups there); the
        # joiner adds nothing to that
        ("PL", "Numery zamówień do wysłania: 601, 847, 293."),
        ("US", "Tickets still open: 415, 837, 2946. We'll close them this week."),
        ("GR", "Κωδικοί προϊόντων: 694, 728, 3915."),
        ("DE", "Offene Vorgänge: 0176, 2938, 4715."),
    ],
)
def test_the_joiner_reads_no_phone_number_in_a_labelled_list(market: str, reply: str) -> None:
    assert _split_phone_spans(reply, reply.lower(), market) == []


def test_the_joiner_reads_no_phone_number_in_numbers_counting_up() -> None:
    reply = "Vedi le foto 31, 32, 33, 34, 35."
    assert _split_phone_spans(reply, reply.lower(), "IT") == []


@pytest.mark.parametrize(
    ("numbers", "count"),
    [
        (["5", "6", "7", "8"], True),
        (["9", "10", "11", "12", "13"], True),
        (["5", "6", "7"], False),  # three are not yet a count
        (["06", "07", "08", "09"], False),  # a leading zero: the groups of a phone number
        (["5", "6", "8", "9"], False),
    ],
)
def test_a_count_is_four_numbers_or_more_going_up_one_by_one(numbers: list[str], count: bool) -> None:
    assert counts_up(numbers) is count
