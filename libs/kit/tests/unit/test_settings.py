import pytest
from pydantic import ValidationError

from dialoog.kit.settings import ServiceSettings


def test_development_accepts_the_development_secret():
    assert ServiceSettings(environment="development").secret_key


@pytest.mark.parametrize("environment", ["test", "production"])
def test_other_environments_refuse_default_secrets(environment):
    with pytest.raises(ValidationError, match="development secret"):
        ServiceSettings(environment=environment)


def test_client_secrets_of_a_service_are_checked_too():
    from dialoog.portal.settings import Settings

    with pytest.raises(ValidationError, match="oidc_client_secret"):
        Settings(
            environment="production",
            secret_key="real",
            database_url="postgresql+asyncpg://a:b@db/p",
            nats_url="nats://n:p@nats:4222",
        )


def test_production_with_real_secrets_is_accepted():
    s = ServiceSettings(
        environment="production",
        secret_key="a-real-one",
        database_url="postgresql+asyncpg://app:s3cret@db/dialoog",
        nats_url="nats://dialoog:s3cret@nats:4222",
    )
    assert s.jwks_url.endswith("/protocol/openid-connect/certs")


def test_each_service_reads_its_own_prefix(monkeypatch):
    from dialoog.organisatie.settings import Settings

    monkeypatch.setenv("DIALOOG_ORGANISATIE_NATS_URL", "nats://elsewhere:4222")
    monkeypatch.setenv("DIALOOG_PORTFOLIO_NATS_URL", "nats://wrong:4222")
    assert Settings().nats_url == "nats://elsewhere:4222"
