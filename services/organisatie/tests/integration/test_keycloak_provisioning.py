"""After commit, organisatie provisions the tenant's Keycloak Organization and its people's users."""

import uuid

import pytest

from dialoog.devstack.config import REALM
from dialoog.devstack.realm import admin
from dialoog.testing.pages import every
from dialoog.testing.waiting import eventually


@pytest.fixture
def keycloak(dialoog_stack):
    kc = admin(dialoog_stack)
    kc.change_current_realm(REALM)
    return kc


async def test_tenant_and_person_are_provisioned_in_keycloak(org, as_user, keycloak):
    key = f"prov-{uuid.uuid4().hex[:6]}"
    created = await org.post(
        "/v1/tenants",
        json={"key": key, "name": "Gemeente Provisie", "preset": "continuous"},
        headers=as_user("platform"),
    )
    assert created.status_code == 201

    async def active():
        tenants = await every(org, "/v1/tenants", as_user("platform"))
        mine = next(t for t in tenants if t["key"] == key)
        return mine if mine["status"] == "active" else None

    tenant = await eventually(active)
    org_id = tenant["keycloak_org_id"]
    try:
        organization = keycloak.get_organization(org_id)
        assert organization["alias"] == key and organization["name"] == "Gemeente Provisie"
    finally:
        keycloak.delete_organization(org_id)


async def test_a_person_gets_a_keycloak_user_with_roles_and_membership(org, as_user, keycloak, demo_tenants):
    email = f"nieuw.{uuid.uuid4().hex[:6]}@example.org"
    created = await org.post(
        "/v1/people",
        json={
            "employee_number": f"kc-{uuid.uuid4().hex[:6]}",
            "first_name": "Nieuwe",
            "last_name": "Collega",
            "email": email,
            "roles": ["manager"],
        },
        headers=as_user("rijk.beheer"),
    )
    assert created.status_code == 201

    async def member():
        found = keycloak.get_users({"email": email, "exact": "true"})
        if found and keycloak.get_user_organizations(found[0]["id"]):
            return found[0]
        return None

    kc_user = await eventually(member)
    try:
        roles = {r["name"] for r in keycloak.get_realm_roles_of_user(kc_user["id"])}
        assert {"employee", "manager"} <= roles
        assert [o["alias"] for o in keycloak.get_user_organizations(kc_user["id"])] == ["rijk"]
        person = (await org.get(f"/v1/people/{created.json()['id']}", headers=as_user("rijk.beheer"))).json()
        assert person["email"] == email
    finally:
        keycloak.delete_user(kc_user["id"])
