import pytest

from dialoog.kit.auth import principal_from_claims
from dialoog.kit.errors import Problem

BASE = {"sub": "u1", "preferred_username": "sanne", "realm_access": {"roles": ["employee", "offline_access"]}}


def test_single_organization_is_the_tenant_and_unknown_roles_are_dropped():
    p = principal_from_claims({**BASE, "organization": ["bel"]}, None)
    assert p.tenant == "bel" and p.tenants == ("bel",)
    assert p.roles == frozenset({"employee"})


def test_mapping_shape_of_the_organization_claim():
    p = principal_from_claims({**BASE, "organization": {"heemstede": {"id": "x"}}}, None)
    assert p.tenant == "heemstede"


def test_several_organizations_need_a_choice_among_them():
    claims = {**BASE, "organization": ["bel", "heemstede"]}
    with pytest.raises(Problem) as missing:
        principal_from_claims(claims, None)
    assert missing.value.status == 400 and missing.value.code == "tenant-selection-required"
    assert principal_from_claims(claims, "heemstede").tenant == "heemstede"
    with pytest.raises(Problem) as foreign:
        principal_from_claims(claims, "rijk")
    assert foreign.value.status == 403


def test_a_user_without_organization_has_no_tenant():
    assert principal_from_claims(BASE, None).tenant is None


def test_a_chosen_tenant_must_be_in_the_token_even_for_single_members():
    with pytest.raises(Problem):
        principal_from_claims({**BASE, "organization": ["bel"]}, "heemstede")
