import pytest

from core.cases import CaseCodeError, normalise_case_code


@pytest.mark.parametrize("raw, code", [("Z-17", "Z-17"), ("z-17", "Z-17"), ("ZT-2026-04", "ZT-2026-04"),
                                       ("A1", "A1"), (" 17-b ", "17-B")])
def test_accepts_short_pseudonyms(raw, code):
    assert normalise_case_code(raw) == code


@pytest.mark.parametrize("raw, reason", [
    ("Z 17", "case.code_has_space"),
    ("Jan de Vries", "case.code_has_space"),
    ("Sanne", "case.code_looks_like_name"),
    ("JANSEN-1", "case.code_looks_like_name"),
    ("Z-17-ABCDEFGHIJ", "case.code_too_long"),
    ("Z_17", "case.code_bad_characters"),
    ("", "case.code_has_space"),
])
def test_refuses_codes_that_are_not_pseudonyms(raw, reason):
    with pytest.raises(CaseCodeError) as caught:
        normalise_case_code(raw)
    assert caught.value.key == reason
