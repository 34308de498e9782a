"""The Spanish words of the statements of reasons and appeal decisions (issue 20)."""

from __future__ import annotations

from rules.statements.catalog import Catalog

CATALOG = Catalog(
    messages={
        "takeover": "El {when}, la plataforma se hizo cargo de su conversación con el comprador.",
        "violation": "El {when}, se registró en su cuenta un incumplimiento de las condiciones para vendedores.",
        "flag": "El {when}, su cuenta de vendedor quedó señalada.",
        "charge": "El {when}, se cargaron costes en su cuenta de vendedor.",
        "conversation": "Conversación: {thread_id}",
        "what": "Registrado como: {what}",
        "rule": "Norma {rule} de las condiciones para vendedores: {words}.",
        "rule_unknown": "Esta medida se basa en la norma {rule} de las condiciones para vendedores.",
        "due": "Su respuesta debía llegar a más tardar el {due_at}.",
        "hours": "Horas laborables contadas desde el mensaje del comprador: {hours}",
        "finding": "Encontrado en su respuesta: {kind}",
        "excerpt": "Texto encontrado: {text}, caracteres {start}-{end}",
        "excerpt_plain": "Texto encontrado: {text}",
        "raised": "Planteado por: {who}",
        "escalation": "Motivo indicado: {reason}",
        "reason": "Motivo de la intervención: {reason}",
        "takeover_then": "Ahora la plataforma atiende al comprador en esta conversación; sus respuestas ya no se "
        "entregan en ella.",
        "violation_then": "El incumplimiento queda registrado en su expediente de vendedor.",
        "flag_then": "Su cuenta de vendedor tiene ahora una señalización.",
        "charge_then": "Importe cargado: {amount}.",
        "appeal_takeover": "La intervención en sí se mantiene, porque protege al comprador; puede recurrir el incumplimiento, la señalización o los cargos que conlleva, en cada caso hasta la fecha y con la referencia de la notificación correspondiente.",
        "absence": "Ausencia de {days} días laborables, anunciada {notice} días antes de su inicio (se requerían al menos {needed} días).",
        "absence_one": "Ausencia de {days} días laborables, anunciada un día antes de su inicio (se requerían al menos {needed} días).",
        "absence_none": "Ausencia de {days} días laborables, anunciada el mismo día de su inicio o después (se requerían al menos {needed} días).",
        "cost": "Concepto del cargo: {cost}",
        "decided_upheld": "Su recurso contra {ref} ha sido desestimado: la medida se mantiene.",
        "decided_violation": "Su recurso contra {ref} ha sido estimado: el incumplimiento ya no cuenta en su expediente de vendedor.",
        "decided_flag": "Su recurso contra {ref} ha sido estimado: se retira la señalización de su cuenta de vendedor.",
        "decided_charge": "Su recurso contra {ref} ha sido estimado: se abonan {amount} en su cuenta de vendedor.",
        "decided_partly": "Su recurso contra {ref} ha sido estimado en parte: se abonan {amount} en su cuenta de vendedor.",
        "decided_reason": "Motivo indicado por la plataforma: {note}",
        "decided_redress": "Si sigue sin estar de acuerdo, puede acudir al mediador designado en las condiciones para vendedores.",
        "appeal": "Si no está de acuerdo, puede recurrir hasta el {until} a través de la API del servicio de "
        "asistencia o del portal de vendedores, indicando la referencia {ref}.",
    },
    rules={
        "R1.4": "cada mensaje de un comprador debe recibir una respuesta aceptada en un plazo de 24 horas "
        "laborables; si no, la plataforma se hace cargo de la conversación",
        "R1.7": "un plazo de respuesta que ya había vencido cuando el mensaje llegó al servicio de asistencia se "
        "considera incumplido de inmediato",
        "R2.1": "las respuestas no pueden contener datos de contacto ni enlaces fuera de la plataforma (correo "
        "electrónico, teléfono, mensajería, redes sociales, otros sitios web); un segundo intento en la misma "
        "conversación es un incumplimiento y la plataforma se hace cargo de ella",
        "R2.2": "las respuestas deben estar escritas para el comprador, no enviadas por un contestador "
        "automático ni copiadas sin cambios en muchas conversaciones",
        "R2.3": "las respuestas deben estar escritas en un idioma del mercado del comprador",
        "R2.4": "las respuestas no pueden estar vacías ni ser ofensivas",
        "R4.2": "una ausencia de más de 5 días laborables debe anunciarse al menos 14 días antes de su inicio",
        "R4.4": "durante una ausencia, la plataforma se hace cargo de las conversaciones cuyo plazo de respuesta vence",
        "R5.1": "la plataforma se hace cargo de una conversación por un plazo incumplido, una disputa, un "
        "incumplimiento de las condiciones, una ausencia o un problema grave con el dispositivo",
        "R5.2": "el comprador, la plataforma o su equipo de asistencia pueden pedir que la plataforma "
        "intervenga, por ejemplo en una disputa sobre la calidad, el anuncio o las devoluciones",
        "R5.3": "cuando la plataforma se ha hecho cargo de una conversación, atiende al comprador y decide la solución",
        "R5.4": "un dispositivo bloqueado, falsificado o peligroso pasa de inmediato a la plataforma, se ofrece "
        "al comprador la devolución con reembolso y se marca el expediente del vendedor",
        "R5.6": "los costes de una intervención se cargan al vendedor: una tarifa de gestión, la etiqueta de "
        "devolución, el reembolso cuando el vendedor es responsable y una tarifa por casos graves",
    },
    words={
        "reply_deadline_missed": "sin respuesta dentro del plazo",
        "off_platform_contact": "datos de contacto fuera de la plataforma",
        "automated_reply": "respuesta automática",
        "wrong_language": "respuesta que no está en el idioma del comprador",
        "empty_reply": "respuesta vacía",
        "abusive_language": "palabras descorteses u ofensivas",
        "late_absence_notice": "ausencia anunciada demasiado tarde",
        "terms_violation": "incumplimiento de las condiciones para vendedores",
        "severe_violation": "dispositivo bloqueado, falsificado o peligroso",
        "quality_dispute": "disputa sobre la calidad del producto",
        "not_as_described": "producto que no coincide con el anuncio",
        "return_rights_denied": "devolución o reclamación denegada al comprador",
        "seller_absent": "vendedor ausente",
        "locked_device": "dispositivo bloqueado (código, IMEI en lista negra, ID de Apple o cuenta de Google)",
        "counterfeit": "producto falsificado",
        "unsafe_product": "producto peligroso",
        "handling_fee": "tarifa de gestión de la intervención",
        "return_label": "etiqueta de devolución prepagada",
        "refund": "reembolso al comprador",
        "severe_violation_fee": "cargo por infracción grave",
    },
    raised_by={
        "buyer": "el comprador",
        "backend": "la plataforma",
        "ops": "el equipo de asistencia de la plataforma",
    },
    decimal=",",
    group=".",
    quotes=("«", "»"),
)
