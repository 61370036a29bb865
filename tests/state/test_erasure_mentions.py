"""Which saved text an erasure of Z-17 treats as being about the case, and which it leaves alone."""
from __future__ import annotations

import pytest

from state.erasure import ErasedCode, _mentions, remove_case_files


@pytest.mark.parametrize("text", ["zelfde gezin als Z-17", "zie Z\u201317.", "(Z\u221217)", "\uff3a-17 belt",
                                  "broer van z-17", "Z-17\u200b erbij", "\uff3a\uff0d\uff11\uff17"])
def test_every_typed_form_of_the_code_is_a_mention(text):
    assert _mentions("Z-17").search(text)


@pytest.mark.parametrize("text", ["Z-170", "Z-1", "AZ-17", "Z-17-2", "Z\u201317\u20132", "Z 17", "2026-11-17"])
def test_another_code_or_a_date_is_not(text):
    assert not _mentions("Z-17").search(text)


def test_files_naming_the_case_or_its_anonymous_label_go_others_stay(tmp_path):
    files = {
        "verslag-2026-12-01.md": "## 1. anonieme casus A\n*ronde:* vader heeft schulden\n",
        "minutes-2026-12-01.html": "<h2>1. anonymous case A</h2><p>home visit</p>",
        "verslag-2026-12-22.md": "## 1. anonieme casus AB\nlezen\n",            # another case's letter
        "brief.txt": "Betreft: Z\u201317\n",                                      # the code with an en dash
        "export-Z-18.md": "# Export casus Z-18\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    code = ErasedCode("Z-17")
    code.labels = ("anonieme casus A", "anonymous case A")
    assert remove_case_files(tmp_path, code) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export-Z-18.md", "verslag-2026-12-22.md"]
