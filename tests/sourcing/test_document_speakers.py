"""A document's speaker named in another script is matched to the corpus's own spelling."""

import pytest

from analysis.sourcing.document_speakers import latin_name, match_person


@pytest.mark.parametrize(
    ("name", "latin"),
    [
        ("Володимир Зеленський", "Volodymyr Zelenskyy"),
        ("Денис Шмигаль", "Denys Shmyhal"),
        ("Angela Merkel", "Angela Merkel"),
        ("Jarosław Kaczyński", "Jarosław Kaczynski"),  # accents go; "ł" is a letter of its own
    ],
)
def test_latin_name(name, latin):
    assert latin_name(name) == latin


def test_match_person_takes_the_most_similar_surname_and_the_fullest_name():
    people = ["Zelenskyy", "Volodymyr Zelenskyy", "Vladimir Putin", "Denys Shmyhal"]
    assert match_person("Володимир Зеленський", people) == "Volodymyr Zelenskyy"
    assert match_person("Денис Шмигаль", people) == "Denys Shmyhal"
    assert match_person("Андрій Єрмак", people) == ""  # nobody of that name: no guess
