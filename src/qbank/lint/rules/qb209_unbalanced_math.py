"""QB209 unbalanced-math: a `$` that opens math which never closes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from qbank.lint.base import Finding, QuestionContext, QuestionRule
from qbank.lint.text import prose
from qbank.model import AnyQuestion

# An opening `$` (followed by neither a space nor a digit: `$5` is money) or a `$$`
# left in the text after markdown-it's dollarmath plugin took every closed formula.
_OPEN = re.compile(r"\$\$|\$(?=[^\s\d$])")
# Formulas that are certainly closed, as dollarmath reads them: no space inside the dollars,
# no digit after the closing one. A text with no `$` left without them needs no parsing.
_CLOSED = re.compile(r"\$\$[^$]+?\$\$(?!\d)|\$[^\s$](?:[^$\n]*[^\s$\\])?\$(?![\d$])")


def suspicious(text: str) -> bool:
    """Whether a text may hold an unclosed formula (a cheap test before parsing it)."""
    return "\\$" in text or "$" in _CLOSED.sub("", text)


class UnbalancedMath(QuestionRule):
    r"""A `$` that starts inline math (or `$$` display math) without a matching close.

    ## What it does
    Parses each text with the same Markdown rules as the writers and reports a `$` or
    `$$` that is left over as plain text where math was meant: `$x^2 + 1` with no closing
    `$`, or `$x $` with a space before the closing dollar. Prices such as `$5`, escaped
    dollars (`\$`) and dollars inside code are not reported.

    ## Why is this bad?
    The formula is printed as raw TeX with a stray dollar sign on the paper and in Moodle.

    ## Example
    ```yaml
    id: tf-1
    type: true_false
    stem: The derivative of $x^2 is 2x.
    answer: true
    ```

    ## Use instead
    ```yaml
    id: tf-1
    type: true_false
    stem: The derivative of $x^2$ is $2x$.
    answer: true
    ```
    """

    code = "QB209"
    name = "unbalanced-math"
    message = "unbalanced `$`: math that is never closed"
    help = "close the formula with `$` (no space before it), or write `\\$` for a dollar sign"

    def check(self, question: AnyQuestion, ctx: QuestionContext) -> Iterator[Finding]:
        """Report every text with an unclosed `$` or `$$`."""
        for path, text in ctx.fields:
            if "$" in text and suspicious(text) and any(_OPEN.search(r) for r in prose(text)):
                yield self.finding(path)


RULE = UnbalancedMath
