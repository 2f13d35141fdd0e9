"""Running headers and footers are learnt once, from what repeats in the page
margins: the table reader drops them as noise and the metadata readers take
them as the document's running lines."""
from __future__ import annotations

from council_plans.parsers.page.noise import Furniture
from council_plans.parsers.page.textlines import Line, Word

HEIGHT = 800.0


def _line(text: str, top: float) -> Line:
    words, x = [], 50.0
    for word in text.split():
        words.append(Word(word, x, top, x + 6 * len(word), top + 10, 10.0, False))
        x += 6 * len(word) + 4
    return Line(words)


def _page(n: int, body: str) -> tuple[float, list[Line]]:
    return HEIGHT, [_line("Children and Families Scrutiny Panel", 20), _line(body, 400),
                    _line(f"Page {n}", 780), _line(f"Version {n}.0 of the plan", 785)]


def test_lines_repeated_in_the_margins_are_noise_and_body_lines_are_not():
    pages = [_page(n, f"Action {n} is on track") for n in (1, 2, 3)]
    furniture = Furniture(pages)
    header, body, number, version = pages[1][1]
    assert furniture.is_noise(header, HEIGHT) and furniture.is_noise(number, HEIGHT)
    assert furniture.is_noise(version, HEIGHT)  # digits masked: "Version 2.0" repeats "Version 1.0"
    assert not furniture.is_noise(body, HEIGHT)
    assert not furniture.is_noise(_line("Children and Families Scrutiny Panel", 400), HEIGHT)


def test_running_lines_are_the_repeated_margin_lines_as_first_printed_without_page_numbers():
    pages = [_page(n, "Same body text on every page") for n in (1, 2, 3)]
    assert [ln.text for ln in Furniture(pages).running_lines()] == [
        "Children and Families Scrutiny Panel", "Version 1.0 of the plan"]


def test_a_margin_line_printed_on_one_page_only_is_not_running():
    pages = [_page(1, "Body"), (HEIGHT, [_line("Cabinet 14 June 2017", 20)])]
    assert "Cabinet 14 June 2017" not in [ln.text for ln in Furniture(pages).running_lines()]
