"""R2.1: the labels that make a list of numbers something else than a phone number.

"Tickets still open: 415, 837, 2946", "Pedidos pendientes: 612, 938, 475", "Κωδικοί προϊόντων:
694, 728, 3915": numbers a few words after a label (an order, an invoice, a ticket, a parcel, a
product, a model, a price, a version, a battery's cycles or health, a lot, a unit), or anywhere in
the clause a colon ends ("Ciclos de carga de los tres: 612, 340, 415"), are that list, not the pieces
of a phone number, unless a phone word comes between ("Pour le suivi, voici mon numéro : 06 52 …").
So are numbers that count up one by one ("Photos 2, 3, 4, 5, 6"). Both readers of numbers use it:
``phones`` for a run whose groups a comma separates, ``split_numbers`` for its pieces.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_LABEL_REACH = 4
"""How many words before a piece a label is looked for."""

# Labels of a list of numbers, as stems: orders, invoices, tickets, parcels, items, products,
# models, references, codes; charge cycles, battery health, lots, units, versions in the market
# languages (verbs left out: "envoie", "commandé" are not). Not "photo" or "bin": "Pour les photos :
# 06 74 30 …" gives a phone number.
_LABEL_STEMS = tuple(
    """order invoice ticket reference parcel package shipment tracking item product model case code sku serial
    receipt commande facture colis référence article produit modèle modele dossier suivi bestellung
    bestellnummer auftr vorgang vorgäng rechnung paket sendung artikel produkt modell referenz bestelling
    factu pakket zending referentie pedido factura paquete envío artículo articulo producto modelo
    referencia código codigo ordin fattur pacc spedizion articol prodott riferiment codic encomend fatura
    pacote artigo produto referênc referenc beställning bestallning faktur försändelse ärende arende
    referens kod tilau lasku paketti lähety tuote tuotte malli tiketti viite koodi παραγγελ τιμολόγ
    τιμολογ δέμα δεμα αποστολ προϊόν προιον μοντέλ μοντελ κωδικ zamówie zamowie paczk przesyłk
    przesylk zgłoszeni zgloszeni
    cycle cicl ciclo cykl zykl ladezykl laadcycl laddcyk κύκλ κυκλ jakso sykl lataussykl
    health santé kondycj salud salute saúde saude
    lott lote unit unidad egzemplar sztuk pezz stück stueck
    versõ versoe wersj έκδοσ εκδόσ εκδοσ""".split()
)

_PRICE_WORDS = """prix tarif coûte coute coûtent preis kostet kosten prijs kost kosta precio cuesta cuestan prezzo
    costa costano preço preco custa custam pris kostar hinta maksaa τιμή τιμη κοστίζει κοστιζει cena
    kosztuje price costs cost total totaal totale remise rabatt korting descuento sconto desconto alennus
    έκπτωση εκπτωση rabat sale vale viene vengono""".split()

_PRODUCT_WORDS = """iphone ipad ipod ios ipados macos watchos android miui galaxy pixel xperia redmi xiaomi huawei
    oneplus nokia moto series serie gen generation génération generación generazione geração version
    versión versione versão versao versie versio versionen έκδοση εκδοση wersja wersji build firmware
    patch update usb bluetooth""".split()

# Price and product words as written, with the usual plural and case endings.
_LABEL_FORMS = frozenset(
    word + ending for word in (*_PRICE_WORDS, *_PRODUCT_WORDS) for ending in ("", "s", "e", "en", "n", "es")
)

# A phone word between a label and the number: "Pour le suivi, voici mon numéro :\n06 52".
_PHONE_STEMS = tuple(
    """numéro numero número number nummer numer tel tél téléphon telephon telefon teléfono phone portable
    mobil handy gsm cell celular móvil movil cellulare telemóvel telemovel kännyk puhelin κινητ τηλέφων
    τηλεφων komórk whatsapp fixe festnetz vast fijo fisso fixo vorwahl indicati prefi netnummer
    riktnummer suuntanumero kierunkow area περιοχ country χώρα pays landes""".split()
)

_DIALLING = frozenset("area country dial dialing dialling city region phone trunk".split())

_WORD = re.compile(r"[^\W\d_]+")

# The words right before a position, read backwards (on the reversed text): up to five words
# apart by spaces, a comma or a dash.
_LABEL_TAIL = re.compile(r"[\s:#.°º\-\u2013]*[^\W\d_]+(?:[^\S\n]*[,\-\u2013]?[^\S\n]*[^\W\d_]+){0,4}")

_SENTENCE_END = re.compile(r"[.!?\n]")

# What a label's clause before its colon does not reach over: a sentence end, another colon, a comma
# or a number beyond a count of two digits ("Ciclos de carga de los tres: 612, …", where "tres" reads
# "3", is a label's clause; "la commande 4711 : 06, 12, …" lists no orders).
_CLAUSE_BREAK = re.compile(r"[.!?\n:;,]|\d{3,}")

_COUNT_RUN = 4
"""Fewest numbers counting up one by one that make a count, not a phone number."""


def words_before(text: str, start: int, tail: re.Pattern[str]) -> list[str]:
    """The last words before ``start`` as ``tail`` (a pattern for the reversed text) reads them."""
    m = tail.match(text[max(0, start - 80) : start][::-1])
    return _WORD.findall(m.group()[::-1]) if m else []


def labelled_before(text: str, start: int) -> bool:
    """Whether a label stands a few words before ``start``, or in the clause of the colon before it,
    with no phone word after it."""
    words = words_before(text, start, _LABEL_TAIL)
    return _labelled(words, max(0, len(words) - _LABEL_REACH)) or _labelled(_colon_clause_words(text, start), 0)


def _colon_clause_words(text: str, start: int) -> list[str]:
    """The words of the clause that a colon ends before ``start`` in the same sentence, and those
    between the colon and ``start`` ("Ciclos de carga de los tres: 612, "); none without a colon."""
    window = text[max(0, start - 80) : start]
    colon = window.rfind(":")
    if colon == -1 or _SENTENCE_END.search(window, colon + 1):
        return []
    clause = _CLAUSE_BREAK.split(window[:colon])[-1]
    return _WORD.findall(clause) + _WORD.findall(window, colon + 1)


def _labelled(words: Sequence[str], first: int) -> bool:
    """Whether ``words[first:]`` hold a label with no phone word after it and no dialling word right
    before it ("area code 020")."""
    for i in range(first, len(words)):
        word = words[i]
        if word.startswith(_LABEL_STEMS) or word in _LABEL_FORMS:
            if i and words[i - 1] in _DIALLING:
                return False  # "area code 020"
            return not any(later.startswith(_PHONE_STEMS) for later in words[i:])
    return False


def counts_up(numbers: Sequence[str]) -> bool:
    """Whether ``numbers`` (digits as written) count up one by one, at least :data:`_COUNT_RUN` of
    them: photos, pages or steps ("Zdjęcia 5, 6, 7, 8, 9"), never the pieces of a phone number. A
    number written with a leading zero ("06 07 08 09") is no count."""
    if len(numbers) < _COUNT_RUN or any(number.startswith("0") for number in numbers):
        return False
    values = [int(number) for number in numbers]
    return all(later == earlier + 1 for earlier, later in zip(values, values[1:]))
