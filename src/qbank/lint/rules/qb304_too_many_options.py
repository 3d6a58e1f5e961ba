"""QB304 too-many-options: more options than a lettered paper can label (A-Z)."""

from __future__ import annotations

from collections.abc import Iterator

from qbank.lint.base import Finding, QuestionContext, QuestionRule
from qbank.model import MAX_OPTIONS, AnyQuestion, MultipleChoice, SingleChoice


class TooManyOptions(QuestionRule):
    """A choice question with more than 26 options, for a lettered paper.

    ## What it does
    For the `pdf` and `docx` targets, which letter options A-Z, reports a choice question
    with more than 26 options.

    ## Why is this bad?
    Options after Z have no letter, so students cannot name them on an answer sheet and
    the key cannot point at them.

    ## Example
    ```yaml
    id: sc-1
    type: single_choice
    stem: Which letter usually names the learning rate?
    options: [alpha, beta, gamma, delta, epsilon, zeta, eta, theta, iota, kappa, lambda, mu,
      nu, xi, omicron, pi, rho, sigma, tau, upsilon, phi, chi, psi, omega, aleph, beth, gimel]
    answer: G
    ```

    ## Use instead
    ```yaml
    id: sc-1
    type: single_choice
    stem: Which letter usually names the learning rate?
    options: [alpha, eta, lambda, mu]
    answer: B
    ```
    """

    code = "QB304"
    name = "too-many-options"
    targets = ("pdf", "docx")
    message = "{count} options: a lettered paper labels at most {limit} (A-Z)"
    help = "split the question, or make it a matching question"

    def check(self, question: AnyQuestion, ctx: QuestionContext) -> Iterator[Finding]:
        """Report a choice question with more than 26 options."""
        if (
            isinstance(question, SingleChoice | MultipleChoice)
            and len(question.options) > MAX_OPTIONS
        ):
            yield self.finding(
                ("options", MAX_OPTIONS), count=len(question.options), limit=MAX_OPTIONS
            )


RULE = TooManyOptions
