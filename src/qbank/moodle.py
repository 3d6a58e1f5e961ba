"""Moodle's accepted grade fractions, and the GIFT weights of a multiple-answer question."""

from __future__ import annotations

from fractions import Fraction

# question_bank::fraction_options_full() in Moodle 4.5 (question/engine/bank.php), as percents.
_POSITIVE = (
    Fraction(100),
    Fraction(90),
    Fraction(250, 3),  # 83.33333
    Fraction(80),
    Fraction(75),
    Fraction(70),
    Fraction(200, 3),  # 66.66667
    Fraction(60),
    Fraction(50),
    Fraction(40),
    Fraction(100, 3),  # 33.33333
    Fraction(30),
    Fraction(25),
    Fraction(20),
    Fraction(50, 3),  # 16.66667
    Fraction(100, 7),  # 14.28571
    Fraction(25, 2),  # 12.5
    Fraction(100, 9),  # 11.11111
    Fraction(10),
    Fraction(5),
)
ACCEPTED_PERCENTS: tuple[Fraction, ...] = (
    *_POSITIVE,
    Fraction(0),
    *(-p for p in _POSITIVE),
)
"""Every grade (in percent) Moodle's importer accepts with 'match grades: error'."""

TOLERANCE = 0.001
"""Moodle accepts a fraction within 0.00001 of a listed one, i.e. 0.001 in percent."""


def accepted(percent: Fraction | float) -> bool:
    """Whether Moodle's grade list holds this percent (within its import tolerance)."""
    return any(abs(float(percent) - float(p)) < TOLERANCE for p in ACCEPTED_PERCENTS)


def format_percent(percent: Fraction) -> str:
    """A weight as GIFT writes it: integers plain, others with 5 decimals (`33.33333`)."""
    if percent.denominator == 1:
        return str(percent.numerator)
    return f"{float(percent):.5f}".rstrip("0").rstrip(".")


def multichoice_weights(n_options: int, n_correct: int) -> tuple[Fraction, Fraction] | None:
    """(weight of each correct, weight of each wrong option) in percent for partial scoring.

    Each of k correct options earns 100/k; each of the n-k wrong ones costs 100/(n-k), so
    ticking everything scores 0. None when Moodle's grade list cannot carry either weight.
    """
    if n_correct < 1 or n_correct > n_options:
        raise ValueError("n_correct must be between 1 and n_options")
    right = Fraction(100, n_correct)
    wrong = Fraction(-100, n_options - n_correct) if n_options > n_correct else Fraction(0)
    if not (accepted(right) and accepted(wrong)):
        return None
    return right, wrong
