"""QB323 math-printed-as-tex: a formula the PDF writer prints partly as its TeX source."""

from __future__ import annotations

from qbank.lint.base import WriterRule


class MathPrintedAsTex(WriterRule):
    r"""A formula with a TeX command the PDF writer does not typeset, in a PDF export.

    ## What it does
    The PDF writer (`qbank export -f pdf`) typesets common TeX (Greek letters and symbols,
    `\frac`, `\sqrt`, sub- and superscripts, ...). A command it does not know is printed as
    typed, and the loss names it.

    ## Why is this bad?
    Students read `\xyz` in the middle of a formula, which is at best ugly and at worst
    changes what the question asks.

    ## Example
    ```yaml
    id: sa-1
    type: essay
    stem: 'Simplify $\xyz{a}{b}$.'
    ```

    ## Use instead
    Rewrite the formula with common TeX:

    ```yaml
    id: sa-1
    type: essay
    stem: 'Simplify $\frac{a}{b}$.'
    ```
    """

    code = "QB323"
    name = "math-printed-as-tex"
    targets = ("pdf",)
    message = "math printed partly as TeX: {commands} in ${tex}$"
    help = (
        "the PDF writer typesets common TeX (symbols, fractions, roots, sub- and superscripts); "
        "rewrite the formula with those"
    )


RULE = MathPrintedAsTex
