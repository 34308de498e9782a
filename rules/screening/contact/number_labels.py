"""R2.1: the labels that make a list of numbers something else than a phone number.

"Tickets still open: 415, 837, 2946", "Pedidos pendientes: 612, 938, 475", "Κωδικοί προϊόντων:
694, 728, 3915": numbers a few words after a label (an order, an invoice, a ticket, a parcel, a
product, a model, a price, a version) are that list, not the pieces of a phone number, unless a
phone word comes between ("Pour le suivi, voici mon numéro : 06 52 …"). Both readers of numbers use
it: ``phones`` for a run whose groups a comma separates, ``split_numbers`` for its pieces.
"""

from __future__ import annotations

import re

_LABEL_REACH = 4
"""How many words before a piece a label is looked for."""

# Labels of a list of numbers, as stems: orders, invoices, tickets, parcels, items, products,
# models, references, codes in the market languages (verbs left out: "envoie", "commandé" are not).
_LABEL_STEMS = tuple(
    """order invoice ticket reference parcel package shipment tracking item product model case code sku serial
    receipt commande facture colis référence article produit modèle modele dossier suivi bestellung
    bestellnummer auftr vorgang vorgäng rechnung paket sendung artikel produkt modell referenz bestelling
    factu pakket zending referentie pedido factura paquete envío artículo articulo producto modelo
    referencia código codigo ordin fattur pacc spedizion articol prodott riferiment codic encomend fatura
    pacote artigo produto referênc referenc beställning bestallning faktur försändelse ärende arende
    referens kod tilau lasku paketti lähety tuote tuotte malli tiketti viite koodi παραγγελ τιμολόγ
    τιμολογ δέμα δεμα αποστολ προϊόν προιον μοντέλ μοντελ κωδικ zamówie zamowie paczk przesyłk
    przesylk zgłoszeni zgloszeni""".split()
)

_PRICE_WORDS = """prix tarif coûte coute coûtent preis kostet kosten prijs kost kosta precio cuesta cuestan prezzo
    costa costano preço preco custa custam pris kostar hinta maksaa τιμή τιμη κοστίζει κοστιζει cena
    kosztuje price costs cost total totaal totale remise rabatt korting descuento sconto desconto alennus
    έκπτωση εκπτωση rabat""".split()

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


def words_before(text: str, start: int, tail: re.Pattern[str]) -> list[str]:
    """The last words before ``start`` as ``tail`` (a pattern for the reversed text) reads them."""
    m = tail.match(text[max(0, start - 80) : start][::-1])
    return _WORD.findall(m.group()[::-1]) if m else []


def labelled_before(text: str, start: int) -> bool:
    """Whether a label stands a few words before ``start`` with no phone word after it."""
    words = words_before(text, start, _LABEL_TAIL)
    for i in range(max(0, len(words) - _LABEL_REACH), len(words)):
        word = words[i]
        if word.startswith(_LABEL_STEMS) or word in _LABEL_FORMS:
            if i and words[i - 1] in _DIALLING:
                return False  # "area code 020"
            return not any(later.startswith(_PHONE_STEMS) for later in words[i:])
    return False
