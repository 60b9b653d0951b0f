"""统一社会信用代码: the GB 32100-2015 check character on real, generated and corrupted codes."""

import pytest

from dutygraph.loaders.sheets import check_char, is_valid, make_uscc, org_check_char, uscc_problem

# Published codes of real organisations (the check characters are theirs, not computed here).
REAL = ["91350100M000100Y43", "91110000802100433B"]


@pytest.mark.parametrize("code", REAL)
def test_published_codes_are_valid(code: str) -> None:
    assert is_valid(code)
    assert check_char(code[:17]) == code[17]


@pytest.mark.parametrize("code", REAL)
def test_one_changed_character_is_caught(code: str) -> None:
    i = 10
    wrong = code[:i] + ("1" if code[i] != "1" else "2") + code[i + 1 :]
    why = uscc_problem(wrong)
    assert why is not None and "校验位" in why


def test_swapped_neighbours_are_caught() -> None:
    code = REAL[0]
    swapped = code[:3] + code[4] + code[3] + code[5:]
    assert not is_valid(swapped)


def test_shape_errors_say_what_is_wrong() -> None:
    assert "18位" in (uscc_problem("9135010") or "")
    assert "非法字符" in (uscc_problem("91350100M000100IO3") or "")
    assert "行政区划" in (uscc_problem("91A50100M000100Y43") or "")


def test_lower_case_and_spaces_are_normalised() -> None:
    assert is_valid(" 91350100m000100y43 ")


def test_generated_codes_have_valid_check_characters() -> None:
    codes = [make_uscc("370402", n) for n in range(20240001, 20240050)]
    assert all(is_valid(c) for c in codes)
    assert len(set(codes)) == len(codes)
    # The organisation-code part carries its own GB 11714 check character.
    assert all(org_check_char(c[8:16]) == c[16] for c in codes)
