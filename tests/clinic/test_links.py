from clinic.links import absolute_url, signed_token, token_value


def test_a_token_gives_back_its_value_for_the_same_purpose_only():
    token = signed_token("abc123", salt="purpose-a")
    assert token_value(token, salt="purpose-a", max_age_days=1) == "abc123"
    assert token_value(token, salt="purpose-b", max_age_days=1) is None
    assert token_value(token + "x", salt="purpose-a", max_age_days=1) is None


def test_an_expired_token_gives_nothing():
    token = signed_token(42, salt="p")
    assert token_value(token, salt="p", max_age_days=-1) is None


def test_absolute_links_use_the_configured_site(settings):
    settings.SITE_URL = "https://screening.clinic.example/"
    assert absolute_url("/intake/") == "https://screening.clinic.example/intake/"
