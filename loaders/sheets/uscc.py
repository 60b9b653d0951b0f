"""统一社会信用代码 (unified social credit code, GB 32100-2015): check digit and validation.

18 characters from a 31-symbol alphabet (digits and capitals without I, O, Z, S, V):
登记管理部门码 (1), 机构类别码 (1), 登记管理机关行政区划码 (6 digits), 主体标识码 (9, the
organisation code of GB 11714) and a check character computed over the first 17.
"""

import re

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
# Weight of position i is 3**i mod 31 (GB 32100-2015, 5.3).
_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_SHAPE = re.compile(rf"[{ALPHABET}]{{2}}\d{{6}}[{ALPHABET}]{{10}}")


def check_char(first17: str) -> str:
    """The 18th character for the first 17: 91350100M000100Y4 -> '3'."""
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, _WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def normalize(code: str) -> str:
    """Upper case without spaces or hyphens, as people type codes into spreadsheets."""
    return re.sub(r"[\s\-]", "", code).upper()


def uscc_problem(code: str) -> str | None:
    """Why `code` is not a valid 统一社会信用代码 (Chinese and English), or None when it is."""
    c = normalize(code)
    if len(c) != 18:
        return f"统一社会信用代码“{code}”应为18位，实为{len(c)}位 (a USCC has 18 characters)"
    bad = sorted({ch for ch in c if ch not in _VALUE})
    if bad:
        return (
            f"统一社会信用代码“{code}”含非法字符 {''.join(bad)} "
            "(only digits and capitals other than I, O, Z, S, V)"
        )
    if not _SHAPE.fullmatch(c):
        return f"统一社会信用代码“{code}”第3-8位应为行政区划数字 (positions 3-8 are digits)"
    expected = check_char(c[:17])
    if c[17] != expected:
        return (
            f"统一社会信用代码“{code}”校验位应为{expected}，实为{c[17]} "
            "(check digit does not match: a typo?)"
        )
    return None


def is_valid(code: str) -> bool:
    """True when `code` is a well-formed USCC with the right check character."""
    return uscc_problem(code) is None


# GB 11714 organisation code (positions 9-17): weights and the check over 8 characters.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def org_check_char(first8: str) -> str:
    """The 9th character of a GB 11714 organisation code (digits and letters A=10 … Z=35)."""
    total = sum(int(ch, 36) * w for ch, w in zip(first8, _ORG_WEIGHTS, strict=True))
    r = 11 - total % 11
    return "X" if r == 10 else "0" if r == 11 else str(r)


def make_uscc(region: str, serial: int, kind: str = "91") -> str:
    """A well-formed code for examples and tests: kind 91 (企业), 6-digit region, a serial.

    The organisation code part gets its own GB 11714 check character, then the USCC check.
    """
    body = f"{serial:08d}"
    org = body + org_check_char(body)
    first17 = kind + region + org
    return first17 + check_char(first17)
