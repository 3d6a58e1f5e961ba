"""QB104 unknown-field: a field the schema does not know (often a typo)."""

from __future__ import annotations

from qbank import load
from qbank.lint.base import LoaderRule


class UnknownField(LoaderRule):
    """A field that the question (or bank) schema does not define.

    ## What it does
    Reports the unknown key at its position, with the closest known field name as `help`.

    ## Why is this bad?
    A misspelt field (`explaination`) would otherwise be ignored, and the explanation the
    author wrote would never reach a student.

    ## Example
    ```yaml
    id: tf-1
    type: true_false
    stem: Dropout is active at test time.
    answer: false
    explaination: Dropout only acts during training.
    ```

    ## Use instead
    ```yaml
    id: tf-1
    type: true_false
    stem: Dropout is active at test time.
    answer: false
    explanation: Dropout only acts during training.
    ```
    """

    code = load.UNKNOWN_FIELD
    name = "unknown-field"
    message = "unknown field '{field}'"


RULE = UnknownField
