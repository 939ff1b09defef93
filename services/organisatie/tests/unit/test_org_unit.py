from dialoog.organisatie.domain.org_unit import normalise_name


def test_names_lose_stray_whitespace():
    assert normalise_name("  Team   Sociaal\tDomein ") == "Team Sociaal Domein"
