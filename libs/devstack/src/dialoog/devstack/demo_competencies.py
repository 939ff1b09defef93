"""A small Dutch competency catalogue for each demo tenant, added through portfolio's API as the
tenant admin would (an entry that exists already is left as it is)."""

from __future__ import annotations

import httpx

from dialoog.devstack.config import StackConfig
from dialoog.devstack.demo import TENANTS
from dialoog.devstack.tokens import password_token

CATALOGUE = (
    (
        "samenwerken",
        "Samenwerken",
        "Actief bijdragen aan een gezamenlijk resultaat, ook over de grenzen van het team.",
    ),
    (
        "klantgericht",
        "Klantgerichtheid",
        "Behoeften van inwoners en ondernemers kennen en daarnaar handelen.",
    ),
    ("resultaatgericht", "Resultaatgerichtheid", "Doelen stellen en halen, en laten zien wat er bereikt is."),
    ("integriteit", "Integriteit", "Handelen volgens de normen van het ambt; open over dilemma's."),
    ("flexibiliteit", "Flexibiliteit", "Zich aanpassen aan veranderende omstandigheden en prioriteiten."),
    ("communiceren", "Communiceren", "Helder schrijven en spreken, en goed luisteren."),
    ("zelfontwikkeling", "Zelfontwikkeling", "Eigen sterke en zwakke punten kennen en eraan werken."),
)


def seed(cfg: StackConfig) -> None:
    with httpx.Client(base_url=cfg.service_url("portfolio"), timeout=30) as client:
        for tenant in TENANTS:
            admin = {"Authorization": f"Bearer {password_token(cfg, f'{tenant.alias}.beheer')}"}
            for key, name, description in CATALOGUE:
                response = client.post(
                    "/v1/competencies",
                    json={"key": key, "name": name, "description": description},
                    headers=admin,
                )
                if response.status_code not in (201, 409):
                    raise RuntimeError(
                        f"competency {key} for {tenant.alias}: {response.status_code} {response.text}"
                    )
