"""organisatie: tenants, their cycle configuration, org units, people and reporting lines."""
