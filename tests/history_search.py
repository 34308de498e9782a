"""Searching an exported Temporal history for text, as a person grepping the export would and more
(issue 9), and decoding it through the codec as the UI does (issue 19: erased payloads included)."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator

from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message
from temporalio.api.common.v1 import Payload
from temporalio.api.history.v1 import History
from temporalio.client import WorkflowHistory

from privacy.codec import EncryptionCodec, PayloadErased
from starter.api.codec import erased_placeholder

SEARCH_ATTRIBUTES = "temporal.api.common.v1.SearchAttributes"


def payloads_in(message: Message, *, search_attributes: bool = True, path: str = "") -> Iterator[tuple[str, Payload]]:
    """Every ``Payload`` anywhere in a protobuf message, with where it is: inputs, results,
    markers, failures' details and encoded attributes, user-metadata summaries, headers, and
    (unless told not to) search attributes."""
    for field, value in message.ListFields():
        if field.type != FieldDescriptor.TYPE_MESSAGE:
            continue
        if not search_attributes and field.message_type.full_name == SEARCH_ATTRIBUTES:
            continue
        if field.message_type.GetOptions().map_entry:
            if field.message_type.fields_by_name["value"].type != FieldDescriptor.TYPE_MESSAGE:
                continue
            items = [(f"{path}.{field.name}[{key}]", item) for key, item in value.items()]
        elif field.is_repeated:
            items = [(f"{path}.{field.name}[{n}]", item) for n, item in enumerate(value)]
        else:
            items = [(f"{path}.{field.name}", value)]
        for where, item in items:
            if item.DESCRIPTOR.full_name == Payload.DESCRIPTOR.full_name:
                yield where, item
            else:
                yield from payloads_in(item, search_attributes=search_attributes, path=where)


async def decoded_through(codec: EncryptionCodec, history: WorkflowHistory) -> History:
    """A copy of the history with every payload decrypted in place (what the UI shows via /codec):
    a payload whose data key was destroyed shows as the codec endpoint shows it, a placeholder."""
    copy = History(events=history.events)
    for _, payload in payloads_in(copy, search_attributes=False):  # never encoded: Temporal indexes them
        try:
            payload.CopyFrom(await codec.open(payload))
        except PayloadErased as error:
            payload.CopyFrom(erased_placeholder(error))
    return copy


def haystack(history: History) -> str:
    """The export (``MessageToJson`` of the events: exactly what ``WorkflowHistory.to_json()``
    writes), its JSON strings, those strings base64-decoded where they are base64, and the raw
    protobuf bytes: the string search cannot miss a plaintext payload."""
    from google.protobuf.json_format import MessageToJson

    exported = MessageToJson(history)
    parts = [exported, history.SerializeToString().decode("utf-8", "replace")]

    def strings(node: object) -> Iterator[str]:
        if isinstance(node, str):
            yield node
        elif isinstance(node, dict):
            for key, value in node.items():
                yield key
                yield from strings(value)
        elif isinstance(node, list):
            for value in node:
                yield from strings(value)

    for text in strings(json.loads(exported)):
        parts.append(text)
        try:
            parts.append(base64.b64decode(text, validate=True).decode("utf-8", "replace"))
        except (binascii.Error, ValueError):
            pass
    return "\n".join(parts)
