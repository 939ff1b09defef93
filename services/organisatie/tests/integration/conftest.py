import pytest


@pytest.fixture
async def org(service_client):
    async with service_client("organisatie") as client:
        yield client


@pytest.fixture
def as_user(keycloak_token):
    def headers(username: str, **extra) -> dict:
        return {"Authorization": f"Bearer {keycloak_token(username)}", **extra}

    return headers


@pytest.fixture
async def demo_tenants(org, as_user):
    """The demo tenants registered in this worker's organisatie database (idempotent)."""
    for key, name, preset in (
        ("bel", "BEL Combinatie", "continuous"),
        ("heemstede", "Gemeente Heemstede", "three_talks"),
        ("rijk", "Rijk", "four_levels"),
    ):
        response = await org.post(
            "/v1/tenants",
            json={"key": key, "name": name, "preset": preset},
            headers=as_user("platform"),
        )
        assert response.status_code in (201, 409), response.text
    return ("bel", "heemstede", "rijk")
