"""dialoog.devstack: the `dialoog` CLI that runs the whole platform on one machine, without Docker."""
