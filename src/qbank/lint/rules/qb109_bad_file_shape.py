"""QB109 bad-file-shape: a file that is not a question or a list of questions."""

from __future__ import annotations

from qbank import load
from qbank.lint.base import LoaderRule


class BadFileShape(LoaderRule):
    """A question file whose top level is not a mapping or a list of mappings.

    ## What it does
    Reports a file (or list item) that holds a bare string or number instead of a question.

    ## Why is this bad?
    Nothing in it can be a question, so whatever the author meant is lost.

    ## Example
    ```yaml
    - id: tf-1
      type: true_false
      stem: Dropout is active at test time.
      answer: false
    - Dropout is active at training time.
    ```

    ## Use instead
    ```yaml
    - id: tf-1
      type: true_false
      stem: Dropout is active at test time.
      answer: false
    - id: tf-2
      type: true_false
      stem: Dropout is active at training time.
      answer: true
    ```
    """

    code = load.BAD_FILE_SHAPE
    name = "bad-file-shape"
    message = "a question file holds one question (a mapping) or a list of questions"


RULE = BadFileShape
