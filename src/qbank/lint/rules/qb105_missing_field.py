"""QB105 missing-field: a required field is absent."""

from __future__ import annotations

from qbank import load
from qbank.lint.base import LoaderRule


class MissingField(LoaderRule):
    """A question (or bank.yaml) without a field it must have.

    ## What it does
    Reports the missing field (such as `answer`, `options` or `type`) at the question.

    ## Why is this bad?
    A question without its answer key cannot be graded or printed with a key.

    ## Example
    ```yaml
    id: sc-1
    type: single_choice
    stem: Which layer shrinks a feature map?
    options: [pooling, dropout]
    ```

    ## Use instead
    ```yaml
    id: sc-1
    type: single_choice
    stem: Which layer shrinks a feature map?
    options: [pooling, dropout]
    answer: A
    ```
    """

    code = load.MISSING_FIELD
    name = "missing-field"
    message = "missing required field '{field}'"


RULE = MissingField
