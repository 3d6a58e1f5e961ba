"""QB107 duplicate-id: two questions with the same id."""

from __future__ import annotations

from qbank import load
from qbank.lint.base import LoaderRule


class DuplicateId(LoaderRule):
    """Two questions of the bank that share an id.

    ## What it does
    Reports the second question with the id, with a note pointing at the first. The loader
    makes this check across every file of the bank.

    ## Why is this bad?
    Ids name questions in exams, in Moodle and in past papers' manifests; with two questions
    under one id, a paper could be rebuilt with the wrong question.

    ## Example
    ```yaml
    - id: relu-1
      type: true_false
      stem: ReLU is linear for positive inputs.
      answer: true
    - id: relu-1
      type: true_false
      stem: ReLU saturates for large positive inputs.
      answer: false
    ```

    ## Use instead
    ```yaml
    - id: relu-1
      type: true_false
      stem: ReLU is linear for positive inputs.
      answer: true
    - id: relu-2
      type: true_false
      stem: ReLU saturates for large positive inputs.
      answer: false
    ```
    """

    code = load.DUPLICATE_ID
    name = "duplicate-id"
    message = "duplicate question id '{id}'"
    help = "ids must be unique in the bank; rename one of them"


RULE = DuplicateId
