import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines.privacy import BSN_MASK, Pseudonymiser, elfproef, mask_bsn


@pytest.mark.parametrize("bsn", ["111222333", "123456782", "999900006", "999900018", "12345672", " 123456782 "])
def test_elfproef_accepts_valid_bsns(bsn):
    assert elfproef(bsn)


@pytest.mark.parametrize(
    "bsn",
    ["123456789", "000000000", "00000000", "12345678a", "1234567", "1234567890", "", "12345678²", "١٢٣٤٥٦٧٨٢"],
)
def test_elfproef_rejects_invalid_bsns(bsn):
    assert not elfproef(bsn)


def test_eight_digit_bsn_is_left_padded():
    assert elfproef("12345672") == elfproef("012345672") is True


def _with_check_digit(first_eight: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first_eight, range(9, 1, -1), strict=False))
    return first_eight + str(total % 11)


# Built rather than filtered: only about 1 in 11 random 9-digit strings passes.
valid_bsns = (
    st.from_regex(r"\A[0-9]{8}\Z").map(_with_check_digit).filter(lambda bsn: len(bsn) == 9 and bsn != "000000000")
)


@given(valid_bsns)
def test_constructed_bsns_pass(bsn):
    assert elfproef(bsn)


@given(valid_bsns, st.integers(0, 8), st.integers(1, 9))
def test_elfproef_catches_every_single_digit_typo(bsn, position, delta):
    wrong_digit = (int(bsn[position]) + delta) % 10
    typo = bsn[:position] + str(wrong_digit) + bsn[position + 1 :]
    assert not elfproef(typo)


def test_pseudonym_is_stable_and_key_dependent():
    key_a, key_b = b"a" * 32, b"b" * 32
    pseudonym = Pseudonymiser(key_a).pseudonym("123456782")
    assert pseudonym == Pseudonymiser(key_a).pseudonym("123456782")
    assert pseudonym != Pseudonymiser(key_b).pseudonym("123456782")
    assert pseudonym != Pseudonymiser(key_a).pseudonym("111222333")
    assert len(pseudonym) == 32 and int(pseudonym, 16) >= 0


def test_pseudonym_uses_the_normalised_bsn():
    pseudonymiser = Pseudonymiser(b"k" * 32)
    assert pseudonymiser.pseudonym("12345672") == pseudonymiser.pseudonym("012345672")


@given(valid_bsns)
def test_pseudonym_never_contains_the_bsn(bsn):
    pseudonym = Pseudonymiser(b"k" * 32).pseudonym(bsn)
    assert bsn not in pseudonym


def test_pseudonym_refuses_non_bsn():
    with pytest.raises(ValueError):
        Pseudonymiser(b"k" * 32).pseudonym("abc")


def test_mask_bsn_masks_every_spelling():
    assert mask_bsn("<Bsn>012345672</Bsn>", "12345672") == f"<Bsn>{BSN_MASK}</Bsn>"
    assert mask_bsn("bsn 12345672;x", "012345672") == f"bsn {BSN_MASK};x"
    assert mask_bsn("no bsn here", "123456782") == "no bsn here"
