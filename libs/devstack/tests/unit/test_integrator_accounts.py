"""The accounts block `dialoog integrator` writes into nats.conf (ADR 0014)."""

import json

import pytest

from dialoog.devstack import integrators
from dialoog.devstack.config import StackConfig
from dialoog.devstack.integrators import SERVICE_ACCOUNT, check_filter

SERVICES = ("feedback", "organisatie", "portfolio", "salaris")


@pytest.mark.parametrize(
    "subject",
    ["hr.bel.salaris.>", "hr.bel.salaris.step.>", "hr.bel.salaris.step.increased", "hr.bel.salaris.*.filed"],
)
def test_a_filter_inside_the_tenant_and_a_service_is_accepted(subject):
    assert check_filter("bel", subject, SERVICES) == subject


@pytest.mark.parametrize(
    "subject",
    [
        "hr.heemstede.salaris.>",
        "hr.bel.>",
        "hr.*.salaris.>",
        "hr.bel.dlq.>",
        "dlq.>",
        "hr.bel.salaris.>.x",
        "hr.bel",
    ],
)
def test_a_filter_outside_the_tenant_or_its_services_is_refused(subject):
    with pytest.raises(ValueError, match=r"inside hr\.bel\.<service>\."):
        check_filter("bel", subject, SERVICES)


def test_every_export_is_for_one_integrators_account_and_it_imports_nothing_else(tmp_path):
    cfg = StackConfig.from_env(tmp_path)
    bel = integrators.add(cfg, "bel", "payroll", None)
    heemstede = integrators.add(cfg, "heemstede", "dossier", None)
    accounts = json.loads(integrators.accounts_block(cfg).removeprefix("accounts: "))
    assert set(accounts) == {SERVICE_ACCOUNT, bel.account, heemstede.account}
    assert accounts[SERVICE_ACCOUNT]["jetstream"] == "enabled"
    for integrator in (bel, heemstede):
        mine = [e for e in accounts[SERVICE_ACCOUNT]["exports"] if e["accounts"] == [integrator.account]]
        assert len(mine) == 4
        assert {e.get("stream") or e["service"] for e in mine} == {
            f"hr.{integrator.tenant}.>",
            f"$JS.API.CONSUMER.INFO.*.{integrator.user}",
            f"$JS.API.CONSUMER.MSG.NEXT.*.{integrator.user}",
            f"$JS.ACK.*.{integrator.user}.>",
        }
        account = accounts[integrator.account]
        assert "jetstream" not in account
        assert account["users"] == [{"user": integrator.user, "password": integrator.password}]
        assert all(
            i.get("service", i.get("stream"))["account"] == SERVICE_ACCOUNT for i in account["imports"]
        )
    assert len(accounts[SERVICE_ACCOUNT]["exports"]) == 8
