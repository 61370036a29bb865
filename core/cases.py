"""Case codes: short pseudonyms such as Z-17, never a pupil's name. Parsing only; no database."""
from __future__ import annotations

import re
import unicodedata

from core.i18n import Problem

_CODE = re.compile(r"^[A-Z0-9]+(?:-[A-Z0-9]+)*$")
_LETTER_RUN = re.compile(r"[A-Z]{5,}")


# Autocorrect and other keyboards type a code's hyphen as another dash: en/em dash, figure dash,
# non-breaking hyphen, minus sign, small or fullwidth hyphen-minus. All are the same code.
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d"), "-")
DASH_CLASS = "-\u2010-\u2015\u2212\u2043\ufe58\ufe63\uff0d"      # the same set, inside [...] of a regex


def fold_code_text(text: str) -> str:
    """Text as a code is compared: fullwidth and other compatibility forms made plain (NFKC), every
    dash a hyphen, and invisible format characters (zero-width space, direction marks) dropped.
    The one place where a typed code is made canonical; normalise_case_code starts here."""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


class CaseCodeError(Problem, ValueError):
    """Not a usable case code; the key says why (shown with the refused value)."""


def normalise_case_code(raw: str) -> str:
    """The canonical code (upper case), or CaseCodeError with the catalog key that explains why not.

    A code must be short, contain a digit and no word-like run of letters, so that it cannot be,
    or spell, a person's name.
    """
    code = fold_code_text(raw).strip().upper()
    if not code or any(ch.isspace() for ch in code):
        raise CaseCodeError("case.code_has_space")
    if len(code) > 12:
        raise CaseCodeError("case.code_too_long")
    if not _CODE.match(code):
        raise CaseCodeError("case.code_bad_characters")
    if not any(ch.isdigit() for ch in code) or _LETTER_RUN.search(code):
        raise CaseCodeError("case.code_looks_like_name")
    return code


def looks_like_case_code(word: str) -> bool:
    try:
        normalise_case_code(word)
    except CaseCodeError:
        return False
    return any(ch.isalpha() for ch in word) and "-" in fold_code_text(word)
