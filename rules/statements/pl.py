"""The Polish words of the statements of reasons and appeal decisions (issue 20)."""

from __future__ import annotations

from rules.statements.catalog import NBSP, Catalog

CATALOG = Catalog(
    messages={
        "takeover": "Dnia {when} platforma przejęła Twoją rozmowę z kupującym.",
        "violation": "Dnia {when} na Twoim koncie odnotowano naruszenie warunków dla sprzedawców.",
        "flag": "Dnia {when} Twoje konto sprzedawcy zostało oznaczone.",
        "charge": "Dnia {when} Twoje konto sprzedawcy obciążono kosztami.",
        "conversation": "Rozmowa: {thread_id}",
        "what": "Odnotowano jako: {what}",
        "rule": "Zasada {rule} warunków dla sprzedawców: {words}.",
        "rule_unknown": "Podstawą jest zasada {rule} warunków dla sprzedawców.",
        "due": "Termin na Twoją odpowiedź upłynął {due_at}.",
        "hours": "Godziny robocze liczone od wiadomości kupującego: {hours}",
        "finding": "Znaleziono w Twojej odpowiedzi: {kind}",
        "excerpt": "Znaleziony tekst: {text}, znaki {start}-{end}",
        "excerpt_plain": "Znaleziony tekst: {text}",
        "raised": "Zgłaszający: {who}",
        "escalation": "Podany powód: {reason}",
        "reason": "Powód przejęcia: {reason}",
        "takeover_then": "Platforma obsługuje teraz kupującego w tej rozmowie; Twoje odpowiedzi nie są już tam "
        "dostarczane.",
        "violation_then": "Naruszenie pozostaje w historii Twojego konta sprzedawcy.",
        "flag_then": "Twoje konto sprzedawcy ma teraz oznaczenie.",
        "charge_then": "Obciążona kwota: {amount}.",
        "appeal_takeover": "Samo przejęcie pozostaje w mocy, ponieważ chroni kupującego; możesz odwołać się od naruszenia, oznaczenia lub kosztów, które z niego wynikają, w każdym przypadku do dnia i z numerem referencyjnym podanymi w odpowiednim zawiadomieniu.",
        "absence": "Nieobecność zgłoszona z {notice}-dniowym wyprzedzeniem (wymagano co najmniej {needed} dni); liczba dni roboczych nieobecności: {days}.",
        "absence_one": "Nieobecność zgłoszona z jednodniowym wyprzedzeniem (wymagano co najmniej {needed} dni); liczba dni roboczych nieobecności: {days}.",
        "absence_none": "Nieobecność zgłoszona dopiero w dniu jej rozpoczęcia lub później (wymagano co najmniej {needed} dni); liczba dni roboczych nieobecności: {days}.",
        "cost": "Naliczona pozycja: {cost}",
        "decided_upheld": "Twoje odwołanie od {ref} zostało oddalone: decyzja pozostaje w mocy.",
        "decided_violation": "Twoje odwołanie od {ref} zostało uwzględnione: naruszenie nie jest już liczone w historii Twojego konta sprzedawcy.",
        "decided_flag": "Twoje odwołanie od {ref} zostało uwzględnione: oznaczenie Twojego konta sprzedawcy zostało zdjęte.",
        "decided_charge": "Twoje odwołanie od {ref} zostało uwzględnione: kwota {amount} zostanie zwrócona na Twoje konto sprzedawcy.",
        "decided_partly": "Twoje odwołanie od {ref} zostało częściowo uwzględnione: kwota {amount} zostanie zwrócona na Twoje konto sprzedawcy.",
        "decided_reason": "Uzasadnienie platformy: {note}",
        "decided_redress": "Jeśli nadal się nie zgadzasz, możesz zwrócić się do mediatora wskazanego w warunkach dla sprzedawców.",
        "appeal": "Jeśli się nie zgadzasz, możesz złożyć odwołanie do {until} przez API helpdesku lub portal "
        "sprzedawcy, podając numer referencyjny {ref}.",
    },
    rules={
        "R1.4": "każda wiadomość kupującego musi otrzymać zaakceptowaną odpowiedź w ciągu 24 godzin roboczych; w "
        "przeciwnym razie platforma przejmuje rozmowę",
        "R1.7": "termin odpowiedzi, który minął już w chwili dotarcia wiadomości do helpdesku, uznaje się od razu "
        "za przekroczony",
        "R2.1": "odpowiedzi nie mogą zawierać danych kontaktowych ani linków poza platformą (e-mail, telefon, "
        "komunikatory, media społecznościowe, inne strony); druga próba w tej samej rozmowie jest naruszeniem i "
        "platforma ją przejmuje",
        "R2.2": "odpowiedzi muszą być pisane do kupującego, a nie wysyłane przez autoresponder ani kopiowane bez "
        "zmian do wielu rozmów",
        "R2.3": "odpowiedzi muszą być napisane w jednym z języków rynku kupującego",
        "R2.4": "odpowiedzi nie mogą być puste ani obraźliwe",
        "R4.2": "nieobecność dłuższą niż 5 dni roboczych trzeba zgłosić co najmniej 14 dni przed jej rozpoczęciem",
        "R4.4": "w czasie nieobecności platforma przejmuje rozmowy, w których upływa termin odpowiedzi",
        "R5.1": "platforma przejmuje rozmowę w razie przekroczenia terminu, sporu, naruszenia warunków, "
        "nieobecności lub poważnego problemu z urządzeniem",
        "R5.2": "kupujący, platforma lub jej zespół wsparcia mogą poprosić platformę o interwencję, na przykład "
        "w sporze o jakość, ofertę lub zwrot",
        "R5.3": "po przejęciu rozmowy platforma obsługuje kupującego i decyduje o rozwiązaniu",
        "R5.4": "zablokowane, podrobione lub niebezpieczne urządzenie jest przejmowane od razu, kupującemu "
        "proponuje się zwrot z refundacją, a konto sprzedawcy zostaje oznaczone",
        "R5.6": "kosztami przejęcia obciąża się sprzedawcę: opłata manipulacyjna, etykieta zwrotna, refundacja, "
        "gdy winę ponosi sprzedawca, oraz opłata za poważne przypadki",
    },
    words={
        "reply_deadline_missed": "brak odpowiedzi w terminie",
        "off_platform_contact": "dane kontaktowe poza platformą",
        "automated_reply": "automatyczna odpowiedź",
        "wrong_language": "odpowiedź nie w języku kupującego",
        "empty_reply": "pusta odpowiedź",
        "abusive_language": "niegrzeczne lub obraźliwe słowa",
        "late_absence_notice": "nieobecność zgłoszona za późno",
        "terms_violation": "naruszenie warunków dla sprzedawców",
        "severe_violation": "zablokowane, podrobione lub niebezpieczne urządzenie",
        "quality_dispute": "spór o jakość produktu",
        "not_as_described": "produkt niezgodny z ofertą",
        "return_rights_denied": "odmowa zwrotu lub reklamacji kupującemu",
        "seller_absent": "nieobecność sprzedawcy",
        "locked_device": "zablokowane urządzenie (kod, IMEI na czarnej liście, Apple ID lub konto Google)",
        "counterfeit": "podrobiony produkt",
        "unsafe_product": "niebezpieczny produkt",
        "handling_fee": "opłata za obsługę przejęcia",
        "return_label": "przedpłacona etykieta zwrotna",
        "refund": "zwrot pieniędzy kupującemu",
        "severe_violation_fee": "opłata za poważne naruszenie",
    },
    raised_by={"buyer": "kupujący", "backend": "platforma", "ops": "zespół wsparcia platformy"},
    decimal=",",
    group=NBSP,
    quotes=("\u201e", "\u201d"),
)
