"""QB102 invalid-yaml: a bank file that is not valid YAML."""

from __future__ import annotations

from qbank import load
from qbank.lint.base import LoaderRule


class InvalidYaml(LoaderRule):
    """A bank file that YAML cannot parse.

    ## What it does
    Reports a YAML syntax error at the line and column where the parser stopped. The loader
    makes this check; the rest of the bank is still read and checked.

    ## Why is this bad?
    Nothing in the file can be read, so none of its questions reach a paper or Moodle.

    ## Example
    An option list with a stray indentation:

    ```yaml
    id: sc-1
    type: single_choice
    stem: Which layer shrinks a feature map?
    options:
      - pooling
       - dropout
    answer: A
    ```

    ## Use instead
    ```yaml
    id: sc-1
    type: single_choice
    stem: Which layer shrinks a feature map?
    options:
      - pooling
      - dropout
    answer: A
    ```
    """

    code = load.INVALID_YAML
    name = "invalid-yaml"
    message = "YAML syntax error: {problem}"


RULE = InvalidYaml
