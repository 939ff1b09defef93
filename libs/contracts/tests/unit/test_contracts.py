import re
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from dialoog.contracts import docs, wire
from dialoog.contracts.envelope import TYPE_PATTERN, CloudEvent, subject_for
from dialoog.contracts.events.organisatie import OrgUnitCreated, OrgUnitRenamed
from dialoog.contracts.registry import REGISTRY, parse
from dialoog.contracts.sdk import parse as sdk_parse

AT = datetime(2027, 1, 1, 9, 30, tzinfo=UTC)  # an envelope carries when it happened

DOCS = Path(__file__).resolve().parents[4] / "docs" / "events"


def created(tenant="bel"):
    payload = OrgUnitCreated(org_unit_id=uuid.uuid4(), parent_id=None, name="Team Publiekszaken", version=1)
    return OrgUnitCreated.event_type.envelope(tenant, payload, time=AT)


def test_envelope_follows_cloudevents_and_the_subject_convention():
    event = created("heemstede")
    assert event.specversion == "1.0"
    assert event.type == "nl.dialoog.organisatie.org_unit.created.v1"
    assert event.subject == "hr.heemstede.organisatie.org_unit.created"
    assert event.source == "/dialoog/organisatie"
    assert event.tenant == "heemstede" and uuid.UUID(event.id)


def test_a_round_trip_through_json_gives_the_typed_payload():
    event = created()
    parsed_event, payload = parse(event.model_dump_json())
    assert parsed_event == event
    assert isinstance(payload, OrgUnitCreated) and payload.name == "Team Publiekszaken"


def test_a_payload_must_match_its_type():
    with pytest.raises(TypeError):
        OrgUnitCreated.event_type.envelope(
            "bel", OrgUnitRenamed(org_unit_id=uuid.uuid4(), name="x", version=2), time=AT
        )


@pytest.mark.parametrize("tenant", ["BEL", "bel.other", "", "a b", "*", ">"])
def test_tenant_keys_cannot_break_out_of_their_subject(tenant):
    with pytest.raises(ValueError):
        subject_for(tenant, "nl.dialoog.organisatie.org_unit.created.v1")


def test_invalid_envelopes_and_payloads_are_refused():
    event = created().model_dump(mode="json")
    with pytest.raises(ValidationError):
        CloudEvent.model_validate({**event, "type": "com.other.thing"})
    with pytest.raises(ValueError, match="unknown event type"):
        sdk_parse(
            CloudEvent.model_validate({**event, "type": "nl.dialoog.organisatie.org_unit.vanished.v1"})
            .model_dump_json()
            .encode()
        )
    with pytest.raises(ValidationError):
        parse({**event, "data": {"org_unit_id": "not-a-uuid"}})


def test_every_registered_type_has_the_naming_shape():
    assert REGISTRY
    for name in REGISTRY:
        assert re.fullmatch(TYPE_PATTERN, name), name


def test_generated_event_docs_are_current():
    for relative, content in docs.render().items():
        path = DOCS / relative
        assert path.exists() and path.read_text() == content, (
            f"docs/events/{relative} is stale; run: uv run python -m dialoog.contracts.docs"
        )
    published = {f"schemas/{p.name}" for p in (DOCS / "schemas").glob("*.json")}
    assert published == {r for r in docs.render() if r.startswith("schemas/")}


def test_every_event_schema_requires_what_cloudevents_requires():
    for kind in REGISTRY.values():
        required = set(docs.event_schema(kind)["required"])
        assert {"specversion", "id", "source", "type"} <= required, kind.name
        assert {"subject", "time", "datacontenttype", "tenant", "data"} <= required, kind.name


def test_the_asyncapi_declares_the_headers_the_relay_writes():
    spec = docs.asyncapi()
    declared = spec["components"]["schemas"]["EventHeaders"]
    sent = wire.headers("an-id", "bel", "00-" + "a" * 32 + "-" + "b" * 16 + "-01")
    assert set(declared["properties"]) == set(sent)
    assert set(declared["required"]) == set(wire.headers("an-id", "bel"))
    assert declared["properties"]["Content-Type"]["const"] == sent["Content-Type"]
    assert not [name for name in declared["properties"] if name.lower().startswith("ce-")]
    for message in spec["components"]["messages"].values():
        assert message["contentType"] == sent["Content-Type"] == spec["defaultContentType"]
        assert message["headers"] == {"$ref": "#/components/schemas/EventHeaders"}


def test_the_wire_form_leaves_out_attributes_without_a_value_and_keeps_data_whole():
    event = created()
    body = wire.envelope_json(event)
    assert "traceparent" not in body and body["data"]["parent_id"] is None
    assert body["specversion"] == "1.0" and body["datacontenttype"] == "application/json"
    assert parse(body)[0] == event
