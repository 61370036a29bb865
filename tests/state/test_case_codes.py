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


# Autocorrect, other keyboards and pasted text: the same code, so the same pupil is one case.
TYPED_FORMS = {
    "en dash": "Z\u201317", "non-breaking hyphen": "Z\u201117", "minus sign": "Z\u221217",
    "em dash": "Z\u201417", "hyphen": "Z\u201017", "fullwidth Z": "\uff3a-17",
    "all fullwidth": "\uff3a\uff0d\uff11\uff17", "zero-width space after": "Z-17\u200b",
    "right-to-left mark before": "\u200fZ-17", "lower case": "z-17",
}


@pytest.mark.parametrize("form", TYPED_FORMS.values(), ids=TYPED_FORMS.keys())
def test_a_code_typed_with_another_dash_or_width_is_the_same_code(form):
    from core.cases import looks_like_case_code
    assert looks_like_case_code(form)
    assert normalise_case_code(form) == "Z-17"


def test_folding_does_not_make_a_name_a_code():
    from core.cases import looks_like_case_code
    with pytest.raises(CaseCodeError):
        normalise_case_code("Jan\u00a0de\u00a0Vries")        # non-breaking spaces are spaces
    assert not looks_like_case_code("Z\u00a017")               # a space is not a dash
