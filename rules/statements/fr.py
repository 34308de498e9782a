"""The French words of the statements of reasons and appeal decisions (issue 20)."""

from __future__ import annotations

from rules.statements.catalog import NBSP, Catalog

CATALOG = Catalog(
    messages={
        "takeover": "Le {when}, la plateforme a repris votre conversation avec l'acheteur.",
        "violation": "Le {when}, un manquement aux conditions vendeur a été enregistré sur votre compte.",
        "flag": "Le {when}, votre dossier vendeur a été signalé.",
        "charge": "Le {when}, des frais ont été imputés à votre compte vendeur.",
        "conversation": "Conversation : {thread_id}",
        "what": "Motif enregistré : {what}",
        "rule": "Règle {rule} des conditions vendeur : {words}.",
        "rule_unknown": "Cette mesure se fonde sur la règle {rule} des conditions vendeur.",
        "due": "Votre réponse était attendue au plus tard le {due_at}.",
        "hours": "Heures ouvrées comptées depuis le message de l'acheteur : {hours}",
        "finding": "Constaté dans votre réponse : {kind}",
        "excerpt": "Texte relevé : {text}, caractères {start}-{end}",
        "excerpt_plain": "Texte relevé : {text}",
        "raised": "Signalé par : {who}",
        "escalation": "Motif indiqué : {reason}",
        "reason": "Motif de la reprise : {reason}",
        "takeover_then": "La plateforme s'occupe désormais de l'acheteur dans cette conversation ; vos réponses "
        "n'y sont plus transmises.",
        "violation_then": "Le manquement reste inscrit dans votre dossier vendeur.",
        "flag_then": "Votre dossier vendeur porte désormais un signalement.",
        "charge_then": "Montant imputé : {amount}.",
        "appeal_takeover": "La reprise elle-même est maintenue, car elle protège l'acheteur ; vous pouvez contester le manquement, le signalement ou les frais qui en découlent, chacun jusqu'à la date et avec la référence indiquées dans sa propre notification.",
        "absence": "Absence de {days} jours ouvrés, annoncée {notice} jours avant son début (il fallait au moins {needed} jours).",
        "absence_one": "Absence de {days} jours ouvrés, annoncée la veille de son début (il fallait au moins {needed} jours).",
        "absence_none": "Absence de {days} jours ouvrés, annoncée le jour de son début ou après (il fallait au moins {needed} jours).",
        "cost": "Poste facturé : {cost}",
        "decided_upheld": "Votre contestation de {ref} a été rejetée : la mesure est maintenue.",
        "decided_violation": "Votre contestation de {ref} a été acceptée : le manquement ne compte plus dans votre dossier vendeur.",
        "decided_flag": "Votre contestation de {ref} a été acceptée : le signalement de votre dossier vendeur est levé.",
        "decided_charge": "Votre contestation de {ref} a été acceptée : {amount} sont recrédités sur votre compte vendeur.",
        "decided_partly": "Votre contestation de {ref} a été partiellement acceptée : {amount} sont recrédités sur votre compte vendeur.",
        "decided_reason": "Motif indiqué par la plateforme : {note}",
        "decided_redress": "Si vous restez en désaccord, vous pouvez saisir le médiateur désigné dans les conditions vendeur.",
        "appeal": "Si vous n'êtes pas d'accord, vous pouvez contester cette mesure jusqu'au {until} via l'API du service "
        "d'assistance ou le portail vendeur, en indiquant la référence {ref}.",
    },
    rules={
        "R1.4": "chaque message d'un acheteur doit recevoir une réponse acceptée dans les 24 heures ouvrées ; "
        "sinon, la plateforme reprend la conversation",
        "R1.7": "un délai de réponse déjà dépassé lorsque le message parvient au service d'assistance est "
        "considéré comme manqué immédiatement",
        "R2.1": "les réponses ne doivent contenir aucune coordonnée ni aucun lien en dehors de la plateforme "
        "(e-mail, téléphone, messagerie, réseaux sociaux, autres sites) ; une deuxième tentative dans la même "
        "conversation est un manquement et la plateforme la reprend",
        "R2.2": "les réponses doivent être rédigées pour l'acheteur, et non envoyées par un répondeur "
        "automatique ni copiées telles quelles dans de nombreuses conversations",
        "R2.3": "les réponses doivent être rédigées dans une langue du marché de l'acheteur",
        "R2.4": "les réponses ne doivent être ni vides ni insultantes",
        "R4.2": "une absence de plus de 5 jours ouvrés doit être annoncée au moins 14 jours avant son début",
        "R4.4": "pendant une absence, les conversations dont le délai de réponse expire sont reprises par la "
        "plateforme",
        "R5.1": "la plateforme reprend une conversation en cas de délai manqué, de litige, de manquement aux "
        "conditions, d'absence ou de problème grave avec l'appareil",
        "R5.2": "l'acheteur, la plateforme ou son équipe d'assistance peuvent demander l'intervention de la "
        "plateforme, par exemple en cas de litige sur la qualité, l'annonce ou les retours",
        "R5.3": "une fois la conversation reprise, la plateforme s'occupe de l'acheteur et décide de la solution",
        "R5.4": "un appareil verrouillé, contrefait ou dangereux est repris immédiatement, l'acheteur se voit "
        "proposer un retour avec remboursement et le dossier du vendeur est signalé",
        "R5.6": "les coûts d'une reprise sont facturés au vendeur : frais de traitement, étiquette de retour, "
        "remboursement lorsque le vendeur est en faute et frais pour les cas graves",
    },
    words={
        "reply_deadline_missed": "pas de réponse dans le délai",
        "off_platform_contact": "coordonnées en dehors de la plateforme",
        "automated_reply": "réponse automatique",
        "wrong_language": "réponse qui n'est pas dans la langue de l'acheteur",
        "empty_reply": "réponse vide",
        "abusive_language": "propos impolis ou insultants",
        "late_absence_notice": "absence annoncée trop tard",
        "terms_violation": "manquement aux conditions vendeur",
        "severe_violation": "appareil verrouillé, contrefait ou dangereux",
        "quality_dispute": "litige sur la qualité du produit",
        "not_as_described": "produit non conforme à l'annonce",
        "return_rights_denied": "retour ou réclamation refusé à l'acheteur",
        "seller_absent": "vendeur absent",
        "locked_device": "appareil verrouillé (code, IMEI sur liste noire, identifiant Apple ou compte Google)",
        "counterfeit": "produit contrefait",
        "unsafe_product": "produit dangereux",
        "handling_fee": "frais de traitement de la reprise",
        "return_label": "étiquette de retour prépayée",
        "refund": "remboursement de l'acheteur",
        "severe_violation_fee": "frais pour manquement grave",
    },
    raised_by={
        "buyer": "l'acheteur",
        "backend": "la plateforme",
        "ops": "l'équipe d'assistance de la plateforme",
    },
    decimal=",",
    group=NBSP,
    quotes=("«" + NBSP, NBSP + "»"),
)
