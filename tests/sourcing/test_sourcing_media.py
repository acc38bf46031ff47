"""Medium detection ("told CNN", "in remarks to RIA Novosti") and photo credits."""

import pytest

from analysis.sourcing.lexicons import load_media
from analysis.sourcing.media import find_medium, is_photo_credit

MEDIA = load_media()


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "In remarks to Russia’s RIA Novosti, Grushko emphasized that Moscow is open.",
            "RIA Novosti",
        ),
        ("Earlier, in an interview for Bloomberg, Rutte stated that it is natural.", "Bloomberg"),
        ("The senator told CNN that he would vote no.", "CNN"),
        ("Zelensky wrote on Telegram that the city held.", "Telegram"),
        ("Clinton said the New York Times was wrong.", ""),
        ("Soldiers march in Moscow (AP)", ""),
    ],
)
def test_find_medium(sentence, expected):
    assert find_medium(sentence, MEDIA) == expected


def test_photo_credit_in_parentheses():
    text = "Bombers fly past the Kremlin (AP)"
    start = text.index("AP")
    assert is_photo_credit(text, start, start + 2)
    assert not is_photo_credit("AP reported", 0, 2)
